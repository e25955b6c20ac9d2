import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { InputError } from "../../errors/input-error.js";
import { createTokenizer, readChatTemplate, type TextTokenizer } from "../../tokenizer/index.js";
import type { ModelInfo, TokenId } from "../language-model.js";

/** What a Hugging Face model folder says about a model that a server does not. */
export interface ModelFolderInfo {
  /** Only the facts the folder states; the server's reports fill the rest. */
  readonly info: Partial<ModelInfo>;
  /** The folder's tokenizer (tokenizer.json), when it has one: to check it against the server's. */
  readonly tokenizer: TextTokenizer | undefined;
}

/**
 * The model facts a vLLM server does not report, from the model's Hugging Face folder (the one it
 * serves, or a copy of its small files):
 *
 * - vocabulary size: config.json's `vocab_size` (the rows of the output layer), else tokenizer.json's;
 * - chat template: chat_template.jinja or tokenizer_config.json's `chat_template` (readChatTemplate);
 * - BOS/EOS: tokenizer_config.json's `bos_token`/`eos_token` looked up in tokenizer.json, else
 *   config.json's `bos_token_id`/`eos_token_id`; whether prompts start with BOS:
 *   `add_bos_token`, else whether tokenizer.json's post-processor adds it;
 * - end-of-generation tokens: `eos_token_id` of generation_config.json and config.json (one id or
 *   a list, as vLLM reads them) and the EOS token.
 *
 * Tokenization itself stays with the server, so token ids are always the served model's.
 */
export async function readModelFolderInfo(dir: string): Promise<ModelFolderInfo> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError(`--tokenizer ${dir}: not a folder; give the model's Hugging Face folder`);
  }
  const file = (name: string) => path.join(dir, name);
  const config = await readObject(file("config.json"));
  const tokenizerConfig = (await readObject(file("tokenizer_config.json"))) ?? {};
  const generationConfig = await readObject(file("generation_config.json"));
  const tokenizerJson = await readObject(file("tokenizer.json"));
  const chatTemplate = await readChatTemplate(dir, tokenizerConfig);
  if (config === undefined && tokenizerJson === undefined) {
    throw new InputError(
      `--tokenizer ${dir}: neither config.json nor tokenizer.json is there; give the model's Hugging Face folder`,
    );
  }
  let tokenizer: TextTokenizer | undefined;
  try {
    tokenizer = tokenizerJson === undefined ? undefined : createTokenizer({ tokenizerJson, tokenizerConfig });
  } catch (error) {
    throw new InputError(`cannot load this tokenizer (${(error as Error).message})`, {
      file: file("tokenizer.json"),
    });
  }
  const textConfig = isObject(config?.text_config) ? config.text_config : {};
  const vocabularySize =
    positiveInteger(config?.vocab_size) ?? positiveInteger(textConfig.vocab_size) ?? tokenizer?.vocabSize;

  const idOf = (token: string | undefined) => (token === undefined ? undefined : tokenizer?.tokenToId(token));
  let bos = idOf(tokenizer?.bosToken) ?? tokenIds(config?.bos_token_id)[0];
  const eos = idOf(tokenizer?.eosToken) ?? tokenIds(config?.eos_token_id)[0];
  let addBos = typeof tokenizerConfig.add_bos_token === "boolean" ? tokenizerConfig.add_bos_token : undefined;
  if (addBos === undefined && tokenizer !== undefined) {
    const plain = tokenizer.encode("Hello");
    const special = tokenizer.encode("Hello", { addSpecialTokens: true });
    // BOS is the one token added in front; a tokenizer that also appends EOS says nothing more here.
    addBos = special.length > plain.length && plain.every((token, i) => special[i + 1] === token);
    if (addBos) bos ??= special[0];
  }
  const endOfGeneration = [
    ...new Set([
      ...tokenIds(generationConfig?.eos_token_id),
      ...tokenIds(config?.eos_token_id),
      ...(eos === undefined ? [] : [eos]),
    ]),
  ];

  const info: { -readonly [K in keyof ModelInfo]?: ModelInfo[K] } = {};
  if (vocabularySize !== undefined) info.vocabularySize = vocabularySize;
  if (chatTemplate !== undefined) info.chatTemplate = chatTemplate.template;
  if (bos !== undefined) info.bos = bos;
  if (eos !== undefined) info.eos = eos;
  if (addBos !== undefined) info.addBos = addBos;
  if (endOfGeneration.length > 0) info.endOfGeneration = endOfGeneration;
  return { info, tokenizer };
}

async function readObject(file: string): Promise<Record<string, unknown> | undefined> {
  if (!existsSync(file)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new InputError(`cannot read it as JSON (${(error as Error).message})`, { file });
  }
  if (!isObject(value)) throw new InputError("not a JSON object", { file });
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** An id or a list of ids, as config.json and generation_config.json give `eos_token_id`. */
function tokenIds(value: unknown): TokenId[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((id): id is number => typeof id === "number" && Number.isInteger(id) && id >= 0);
}
