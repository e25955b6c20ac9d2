import { writeFileAtomic } from "./write-file-atomic.js";

/** Writes records as JSON Lines through a temporary file and a rename (see writeFileAtomic). */
export function writeJsonlAtomic(file: string, records: readonly unknown[]): Promise<void> {
  return writeFileAtomic(file, records.map((record) => `${JSON.stringify(record)}\n`).join(""));
}
