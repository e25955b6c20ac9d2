import { randomUUID } from "node:crypto";
import type { LanguageModel, TokenId } from "../backends/language-model.js";

/** What every route handler works with. */
export interface ServeContext {
  readonly model: LanguageModel;
  /** The model name in `/v1/models` and in every response. */
  readonly name: string;
  /** When the server started, in seconds: OpenAI's `created`. */
  readonly created: number;
  /** A token's own text, special tokens rendered, for logprobs keyed by text. Cached: a vocabulary is finite. */
  tokenText(token: TokenId): Promise<string>;
  /** A fresh response id, e.g. `cmpl-...`. */
  newId(prefix: string): string;
}

export function createServeContext(model: LanguageModel, name: string): ServeContext {
  const texts = new Map<TokenId, Promise<string>>();
  return {
    model,
    name,
    created: Math.floor(Date.now() / 1000),
    tokenText(token) {
      let text = texts.get(token);
      if (text === undefined) {
        text = model.detokenize([token], { specialTokens: true });
        texts.set(token, text);
      }
      return text;
    },
    newId: (prefix) => `${prefix}-${randomUUID().replaceAll("-", "")}`,
  };
}
