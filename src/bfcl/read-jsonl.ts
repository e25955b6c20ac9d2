import { readFile } from "node:fs/promises";
import { InputError } from "../errors/input-error.js";
import type { JsonValue } from "../json/json-value.js";

export interface JsonlLine {
  /** 1-based line number in the file. */
  line: number;
  value: JsonValue;
}

/** Every non-blank line of a JSON Lines file, parsed; a line that is not JSON is an InputError. */
export async function readJsonl(file: string): Promise<JsonlLine[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InputError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
      file,
    });
  }
  const lines: JsonlLine[] = [];
  text.split("\n").forEach((raw, index) => {
    if (raw.trim() === "") return;
    try {
      lines.push({ line: index + 1, value: JSON.parse(raw) as JsonValue });
    } catch (error) {
      throw new InputError(`invalid JSON (${(error as Error).message})`, { file, line: index + 1 });
    }
  });
  return lines;
}
