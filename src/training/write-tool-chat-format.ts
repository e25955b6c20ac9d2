import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { type ModelToolChatFormat, modelToolChatFormat } from "../chat-template/index.js";
import { InputError } from "../errors/input-error.js";
import { writeFileAtomic } from "../json/write-file-atomic.js";
import { readChatTemplate } from "../tokenizer/index.js";

/**
 * Gives a Hugging Face model folder whose own chat template knows no tools (Gemma's, or none) ttpa's
 * tool format in the model's turn structure: the template and the model's real end-of-turn token
 * as `eos_token` go into tokenizer_config.json (chat_template.jinja, which would win, is removed).
 * Training, GGUF export, sampling and prediction all read the folder, so they all use this format.
 * Returns the format written, or undefined when the folder's template handles tools itself or no
 * turn structure is known for its architecture (its own template is then used as it is).
 */
export async function writeToolChatFormat(dir: string): Promise<ModelToolChatFormat | undefined> {
  const config = await readJsonObject(path.join(dir, "config.json"));
  const configFile = path.join(dir, "tokenizer_config.json");
  const tokenizerConfig = await readJsonObject(configFile);
  const own = await readChatTemplate(dir, tokenizerConfig);
  const format = modelToolChatFormat(String(config.model_type ?? ""), own?.template);
  if (format === undefined) return undefined;
  const updated = { ...tokenizerConfig, chat_template: format.chatTemplate, eos_token: format.eosToken };
  await writeFileAtomic(configFile, `${JSON.stringify(updated, null, 2)}\n`);
  await rm(path.join(dir, "chat_template.jinja"), { force: true });
  return format;
}

async function readJsonObject(file: string): Promise<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new InputError(`cannot read a JSON object (${(error as Error).message})`, { file });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InputError("not a JSON object", { file });
  }
  return value as Record<string, unknown>;
}
