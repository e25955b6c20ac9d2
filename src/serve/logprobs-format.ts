import type { GenerateResult } from "../backends/language-model.js";
import type { JsonObject } from "../json/index.js";
import type { ServeContext } from "./serve-context.js";

/**
 * A completion's logprobs in OpenAI's legacy completions shape, as vLLM writes it:
 * `{tokens, token_logprobs, top_logprobs: [{token: logprob}], text_offset}`. With `asIds`
 * (vLLM's `return_tokens_as_token_ids`) tokens are named `token_id:N`, the only naming that is
 * exact: different tokens can share a text. As in vLLM, a position's top entries are the `k` most
 * likely tokens plus the chosen one when it is not among them.
 */
export async function completionLogprobs(
  context: ServeContext,
  result: GenerateResult,
  asIds: boolean,
): Promise<JsonObject> {
  const name = async (token: number): Promise<string> =>
    asIds ? `token_id:${token}` : context.tokenText(token);
  const tokens: string[] = [];
  const tokenLogprobs: number[] = [];
  const topLogprobs: Array<Record<string, number>> = [];
  const textOffset: number[] = [];
  let offset = 0;
  for (const step of result.tokens) {
    const key = await name(step.token);
    tokens.push(key);
    tokenLogprobs.push(step.logprob);
    const top: Record<string, number> = {};
    for (const alternative of step.top) {
      const altKey = await name(alternative.token);
      // Two tokens with one text: keep the likelier, listed first.
      if (!(altKey in top)) top[altKey] = alternative.logprob;
    }
    if (!(key in top)) top[key] = step.logprob;
    topLogprobs.push(top);
    textOffset.push(offset);
    offset += (await context.tokenText(step.token)).length;
  }
  return { tokens, token_logprobs: tokenLogprobs, top_logprobs: topLogprobs, text_offset: textOffset };
}

/**
 * A chat completion's logprobs in OpenAI's chat shape, with llama.cpp's `id` beside each token so
 * clients need not map text back to ids: `{content: [{id, token, logprob, bytes, top_logprobs}]}`.
 */
export async function chatLogprobs(
  context: ServeContext,
  result: GenerateResult,
  topLogprobs: number,
): Promise<JsonObject> {
  const entry = async (token: number, logprob: number): Promise<JsonObject> => {
    const text = await context.tokenText(token);
    return { id: token, token: text, logprob, bytes: [...Buffer.from(text, "utf8")] };
  };
  const content: JsonObject[] = [];
  for (const step of result.tokens) {
    const top: JsonObject[] = [];
    for (const alternative of step.top.slice(0, topLogprobs))
      top.push(await entry(alternative.token, alternative.logprob));
    content.push({ ...(await entry(step.token, step.logprob)), top_logprobs: top });
  }
  return { content };
}

/** OpenAI's `finish_reason` and vLLM's `stop_reason` (the stop string or stop token; null otherwise). */
export function finishOf(result: GenerateResult): {
  finish_reason: "stop" | "length";
  stop_reason: string | number | null;
} {
  switch (result.finishReason) {
    case "stop-string":
      return { finish_reason: "stop", stop_reason: result.stopString ?? null };
    case "stop-token":
      return { finish_reason: "stop", stop_reason: result.tokens.at(-1)?.token ?? null };
    default:
      return { finish_reason: "length", stop_reason: null };
  }
}
