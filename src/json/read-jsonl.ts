import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import { createInterface } from "node:readline";
import { InputError } from "../errors/input-error.js";

export interface JsonlEntry {
  /** 1-based line number in the file. */
  line: number;
  value: unknown;
}

export interface JsonlProblem {
  line: number;
  reason: string;
}

export interface ReadJsonlOptions {
  /**
   * `"strict"` (default): the first line that is not JSON throws an InputError naming file and line.
   * `"collect"`: such lines are returned as problems and reading goes on.
   */
  onBadLine?: "strict" | "collect";
  /**
   * Reads one line's text; default `JSON.parse`. A reader that keeps more than JSON.parse does (how
   * each number was written, say) returns it in the value; what it throws makes the line bad.
   */
  parse?: (text: string) => unknown;
}

/** Reads a JSON Lines file, streaming; blank lines are skipped. */
export async function readJsonl(
  file: string,
  options: ReadJsonlOptions = {},
): Promise<{ entries: JsonlEntry[]; problems: JsonlProblem[] }> {
  await access(file).catch(() => {
    throw new InputError("file not found", { file });
  });
  const entries: JsonlEntry[] = [];
  const problems: JsonlProblem[] = [];
  const lines = createInterface({
    input: createReadStream(file, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const parse = options.parse ?? JSON.parse;
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === "") continue;
    try {
      entries.push({ line, value: parse(text) });
    } catch (error) {
      const reason = `not valid JSON (${(error as Error).message})`;
      if (options.onBadLine === "collect") problems.push({ line, reason });
      else throw new InputError(reason, { file, line });
    }
  }
  return { entries, problems };
}
