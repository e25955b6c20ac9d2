import type { JsonObject } from "../json/index.js";
import { BadRequestError } from "./bad-request.js";
import { optionalBoolean, tokenIdList } from "./request-fields.js";
import type { ServeContext } from "./serve-context.js";

/**
 * `POST /tokenize`, read as vLLM (`prompt`, `add_special_tokens`, default true) or llama.cpp's
 * server (`content`, `add_special`, default false) writes it; `parse_special` (default true) reads
 * special-token text as special tokens. Adding special tokens means BOS, when the model wants it.
 * Answers `{tokens, count, max_model_len}`.
 */
export async function tokenizeRoute(context: ServeContext, body: JsonObject): Promise<JsonObject> {
  const { model } = context;
  const viaPrompt = body.prompt !== undefined;
  const text = viaPrompt ? body.prompt : body.content;
  if (typeof text !== "string") {
    throw new BadRequestError({
      field: viaPrompt ? "prompt" : "content",
      problem: "must be the text to tokenize",
    });
  }
  const addSpecial =
    optionalBoolean(body, "add_special_tokens") ?? optionalBoolean(body, "add_special") ?? viaPrompt;
  const specialTokens = optionalBoolean(body, "parse_special") ?? true;
  const tokens = await model.tokenize(text, { specialTokens });
  const withBos =
    addSpecial && model.info.addBos && model.info.bos !== undefined ? [model.info.bos, ...tokens] : tokens;
  return { tokens: withBos, count: withBos.length, max_model_len: model.info.contextSize };
}

/**
 * `POST /detokenize` `{tokens, skip_special_tokens?}` (default false: special tokens are rendered,
 * as vLLM and llama.cpp do). Answers the text under both servers' names, `prompt` and `content`.
 */
export async function detokenizeRoute(context: ServeContext, body: JsonObject): Promise<JsonObject> {
  const { model } = context;
  const tokens = tokenIdList(body.tokens, "tokens", model.info.vocabularySize);
  const skip = optionalBoolean(body, "skip_special_tokens") ?? false;
  const text = await model.detokenize(tokens, { specialTokens: !skip });
  return { prompt: text, content: text };
}
