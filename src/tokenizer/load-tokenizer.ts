import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../errors/index.js";
import { createTokenizer } from "./create-tokenizer.js";
import { readChatTemplate } from "./read-chat-template.js";
import type { TextTokenizer } from "./text-tokenizer.js";

export interface LoadTokenizerOptions {
  /**
   * A model folder holding tokenizer.json and, usually, tokenizer_config.json; the chat template is
   * read as transformers reads it (chat_template.jinja, or tokenizer_config.json's, see readChatTemplate).
   */
  dir: string;
}

/** Reads a Hugging Face tokenizer from a local folder; nothing is fetched from the network. */
export async function loadTokenizer(options: LoadTokenizerOptions): Promise<TextTokenizer> {
  const jsonPath = join(options.dir, "tokenizer.json");
  const tokenizerJson = await readJson(jsonPath, true);
  const tokenizerConfig = await readJson(join(options.dir, "tokenizer_config.json"), false);
  if (!isRecord(tokenizerJson)) throw new InputError("not a JSON object", { file: jsonPath });
  const config = isRecord(tokenizerConfig) ? tokenizerConfig : {};
  const chatTemplate = await readChatTemplate(options.dir, config);
  return createTokenizer({
    tokenizerJson,
    tokenizerConfig: config,
    ...(chatTemplate === undefined ? {} : { chatTemplate: chatTemplate.template }),
  });
}

async function readJson(file: string, required: boolean): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new InputError(`cannot read: ${(error as Error).message}`, { file });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`not valid JSON: ${(error as Error).message}`, { file });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
