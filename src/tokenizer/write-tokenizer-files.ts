import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TokenizerConfigJson, TokenizerJson } from "./tokenizer-json.js";

export interface WriteTokenizerFilesOptions {
  /** Folder to write into; created when missing. */
  dir: string;
  tokenizerJson: TokenizerJson;
  tokenizerConfig: TokenizerConfigJson;
}

/**
 * Writes tokenizer.json and tokenizer_config.json, each through a temporary file and a rename so
 * that a killed run never leaves a half-written tokenizer. Returns the two paths.
 */
export async function writeTokenizerFiles(
  options: WriteTokenizerFilesOptions,
): Promise<{ tokenizerJsonPath: string; tokenizerConfigPath: string }> {
  await mkdir(options.dir, { recursive: true });
  const tokenizerJsonPath = join(options.dir, "tokenizer.json");
  const tokenizerConfigPath = join(options.dir, "tokenizer_config.json");
  await writeAtomically(tokenizerJsonPath, `${JSON.stringify(options.tokenizerJson, null, 2)}\n`);
  await writeAtomically(tokenizerConfigPath, `${JSON.stringify(options.tokenizerConfig, null, 2)}\n`);
  return { tokenizerJsonPath, tokenizerConfigPath };
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, text, "utf8");
  await rename(temp, file);
}
