import { rename, writeFile } from "node:fs/promises";

/** Writes through a temporary file and a rename, so a killed process never leaves half a file. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}
