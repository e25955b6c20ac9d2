import { readFile } from "node:fs/promises";
import { InputError } from "../errors/input-error.js";

/** Reads and parses a JSON file; a missing file or bad JSON is an InputError naming the file. */
export async function readJsonFile(file: string): Promise<unknown> {
  const text = await readFile(file, "utf8").catch(() => {
    throw new InputError("file not found", { file });
  });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`not valid JSON (${(error as Error).message})`, { file });
  }
}
