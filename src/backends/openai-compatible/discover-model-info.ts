import { InputError } from "../../errors/input-error.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../../json/index.js";
import type { ModelInfo, TokenId } from "../language-model.js";
import type { EndpointPool } from "./endpoint-pool.js";
import { RemoteModelError } from "./remote-model-error.js";

export interface DiscoveredModel {
  /** The served model name to send as `model`. */
  readonly name: string;
  readonly info: ModelInfo;
}

/**
 * What a server says about its model, from the routes vLLM, llama.cpp's server and `ttpa serve`
 * answer:
 *
 * - `GET /v1/models`: the name; the context from `max_model_len` (vLLM, ttpa) or
 *   `meta.n_ctx_train` (llama.cpp); the vocabulary from `meta.n_vocab` (llama.cpp, ttpa).
 * - `GET /props` (llama.cpp, ttpa; vLLM has none): `chat_template`, `bos_token`, `eos_token`,
 *   `default_generation_settings.n_ctx` (the per-slot context), and ttpa's exact ids
 *   `vocab_size`, `bos_token_id`, `eos_token_id`, `eog_token_ids`, `add_bos_token`.
 * - `/tokenize` with and without special tokens: whether the model adds BOS, and which id it is.
 *
 * `overrides` win, and fill what a server does not report: vLLM reports no vocabulary size, chat
 * template or end tokens (its completions still stop at the model's EOS by default); the model's
 * Hugging Face folder has them (readModelFolderInfo).
 */
export async function discoverModelInfo(options: {
  pool: EndpointPool;
  model?: string;
  overrides?: Partial<ModelInfo>;
}): Promise<DiscoveredModel> {
  const { pool } = options;
  const overrides = options.overrides ?? {};
  // One retry: a wrong URL or a server still loading should say so quickly.
  const listing = await pool.get("/v1/models", { maxRetries: 1 });
  const models = (Array.isArray(listing?.data) ? listing.data : []).filter(isJsonObject);
  const entry = options.model === undefined ? models[0] : models.find((model) => model.id === options.model);
  if (entry === undefined || typeof entry.id !== "string") {
    const served = models.map((model) => String(model.id)).join(", ");
    throw new InputError(
      options.model === undefined
        ? `${pool.primary}/v1/models lists no model; check the server finished loading`
        : `${pool.primary} does not serve '${options.model}' (it serves: ${served || "nothing"}); pick one of those`,
    );
  }
  const name = entry.id;
  const meta = objectAt(entry, "meta");
  const props = (await pool.get("/props", { optional: true, maxRetries: 1 })) ?? {};
  const settings = objectAt(props, "default_generation_settings");

  const tokenize = async (text: string, addSpecial: boolean): Promise<TokenId[]> => {
    const body = await pool.post("/tokenize", {
      model: name,
      prompt: text,
      content: text,
      add_special_tokens: addSpecial,
      add_special: addSpecial,
    });
    return tokenIds(body.tokens, `${pool.primary}/tokenize`);
  };
  const singleToken = async (text: JsonValue | undefined): Promise<TokenId | undefined> => {
    if (typeof text !== "string" || text === "") return undefined;
    const ids = await tokenize(text, false);
    return ids.length === 1 ? ids[0] : undefined;
  };

  let addBos = booleanAt(props, "add_bos_token");
  let bos = integerAt(props, "bos_token_id");
  if (addBos === undefined && overrides.addBos === undefined) {
    const [plain, special] = await Promise.all([tokenize("Hello", false), tokenize("Hello", true)]);
    // BOS is the one token added in front; some tokenizers also append EOS, which says nothing here.
    addBos = special.length > plain.length && plain.every((token, i) => special[i + 1] === token);
    if (addBos) bos ??= special[0];
  }
  if (bos === undefined && overrides.bos === undefined) bos = await singleToken(props.bos_token);
  let eos = integerAt(props, "eos_token_id");
  if (eos === undefined && overrides.eos === undefined) eos = await singleToken(props.eos_token);
  const eog = Array.isArray(props.eog_token_ids)
    ? tokenIds(props.eog_token_ids, `${pool.primary}/props`)
    : undefined;
  const template = props.chat_template;

  const info: ModelInfo = {
    id: name,
    contextSize:
      overrides.contextSize ??
      integerAt(entry, "max_model_len") ??
      integerAt(settings, "n_ctx") ??
      integerAt(meta, "n_ctx_train") ??
      missing(pool, "its context length", "pass --context-size N (library: info.contextSize)"),
    vocabularySize:
      overrides.vocabularySize ??
      integerAt(props, "vocab_size") ??
      integerAt(meta, "n_vocab") ??
      missing(
        pool,
        "its vocabulary size (vLLM does not)",
        "give the model's Hugging Face folder with --tokenizer DIR (library: tokenizerDir, or info.vocabularySize)",
      ),
    bos: "bos" in overrides ? overrides.bos : bos,
    eos: "eos" in overrides ? overrides.eos : eos,
    endOfGeneration: overrides.endOfGeneration ?? eog ?? (eos === undefined ? [] : [eos]),
    addBos: overrides.addBos ?? addBos ?? false,
    chatTemplate:
      "chatTemplate" in overrides
        ? overrides.chatTemplate
        : typeof template === "string" && template !== ""
          ? template
          : undefined,
  };
  return { name, info };
}

function missing(pool: EndpointPool, what: string, fix: string): never {
  throw new InputError(`${pool.primary} does not report ${what}: ${fix}`);
}

function objectAt(object: JsonObject, key: string): JsonObject {
  const value = object[key];
  return isJsonObject(value) ? value : {};
}

function integerAt(object: JsonObject, key: string): number | undefined {
  const value = object[key];
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function booleanAt(object: JsonObject, key: string): boolean | undefined {
  const value = object[key];
  return typeof value === "boolean" ? value : undefined;
}

/** Token ids from `/tokenize`: plain ids, or llama.cpp's `{id, piece}` objects when pieces were asked for. */
export function tokenIds(value: JsonValue | undefined, url: string): TokenId[] {
  const fail = (): never => {
    throw new RemoteModelError({ url, problem: "expected `tokens` to be an array of token ids" });
  };
  if (!Array.isArray(value)) return fail();
  return value.map((item) => {
    const id = isJsonObject(item) ? item.id : item;
    return typeof id === "number" && Number.isInteger(id) ? id : fail();
  });
}
