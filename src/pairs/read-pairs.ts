import { InputError } from "../errors/input-error.js";
import { readJsonl } from "../json/read-jsonl.js";
import { PairFormatError } from "./pair-format-error.js";
import type { PreferencePair } from "./preference-pair.js";
import { validatePair } from "./validate-pair.js";

/**
 * Reads a preference-pair JSONL file. A malformed line or a repeated id stops with a one-line
 * InputError naming the file, the line and the field.
 */
export async function readPairs(file: string): Promise<PreferencePair[]> {
  const { entries } = await readJsonl(file);
  const pairs: PreferencePair[] = [];
  const lines = new Map<string, number>();
  for (const { line, value } of entries) {
    let pair: PreferencePair;
    try {
      pair = validatePair(value);
    } catch (error) {
      if (error instanceof PairFormatError)
        throw new InputError(error.message, { file, line, field: error.field });
      throw error;
    }
    const earlier = lines.get(pair.id);
    if (earlier !== undefined)
      throw new InputError(`duplicate pair id '${pair.id}' (first on line ${earlier})`, {
        file,
        line,
        field: "id",
      });
    lines.set(pair.id, line);
    pairs.push(pair);
  }
  return pairs;
}
