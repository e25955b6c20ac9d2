import { isJsonObject, type JsonObject, type JsonValue } from "../../json/index.js";
import type { GeneratedToken, GenerateRequest, ModelInfo, TokenId, TokenLogprob } from "../language-model.js";
import { RemoteModelError } from "./remote-model-error.js";

/**
 * The `/v1/completions` body for one request. Every field is one that vLLM and llama.cpp's server
 * both read (each ignores the other's extras):
 *
 * - `prompt`: the prompt ids with the forced ids appended, so the server continues after them.
 * - `logprobs`: at least 1, since the chosen tokens' ids and log-probabilities come from there;
 *   `return_tokens_as_token_ids` makes vLLM name tokens `token_id:N` instead of by their text.
 * - `temperature: 0` for greedy; under sampling `seed`, `top_p`, `top_k` (only when set: older
 *   vLLM rejects 0) and `min_p: 0` (llama.cpp's default is 0.05).
 * - `stop` always as an array (llama.cpp ignores a bare string).
 * - Explicit stop tokens: vLLM's `stop_token_ids`, and `ignore_eos` when they leave out an
 *   end-of-generation token. llama.cpp reads no stop ids (the caller cuts at the first stop token)
 *   and implements `ignore_eos` by masking end tokens, which changes their log-probabilities.
 */
export function completionBody(options: {
  request: GenerateRequest;
  model: string;
  info: ModelInfo;
  maxTokens: number;
}): JsonObject {
  const { request, info } = options;
  const sampling = request.sampling;
  const body: JsonObject = {
    model: options.model,
    prompt: [...request.prompt, ...(request.forced ?? [])],
    max_tokens: options.maxTokens,
    logprobs: Math.max(1, request.topLogprobs ?? 0),
    return_tokens_as_token_ids: true,
    temperature: sampling === undefined ? 0 : sampling.temperature,
    n: 1,
    stream: false,
    echo: false,
  };
  if (sampling !== undefined) {
    body.seed = sampling.seed;
    body.top_p = sampling.topP ?? 1;
    body.min_p = 0;
    if ((sampling.topK ?? 0) > 0) body.top_k = sampling.topK as number;
  }
  const stopStrings = (request.stopStrings ?? []).filter((stop) => stop.length > 0);
  if (stopStrings.length > 0) body.stop = stopStrings;
  if (request.stopTokens !== undefined) {
    const stops = new Set(request.stopTokens);
    if (info.endOfGeneration.some((token) => !stops.has(token)) || info.endOfGeneration.length === 0) {
      body.ignore_eos = true;
    }
    if (request.stopTokens.length > 0) body.stop_token_ids = [...request.stopTokens];
  }
  return body;
}

/** What one completion choice says, in the backend's terms. */
export interface CompletionChoice {
  /** Generated positions as the server reported them (it may run past a stop token it does not know). */
  readonly tokens: GeneratedToken[];
  /** The server's text of the generated tokens (after the prompt and forced tokens). */
  readonly text: string;
  /** OpenAI's `finish_reason`: "stop", "length", or a server's own. */
  readonly finishReason: string;
  /** vLLM's `stop_reason`: the stop string or stop token id that ended generation; null for EOS. */
  readonly stopReason: string | number | null | undefined;
  readonly promptTokens: number | undefined;
  /** Prompt tokens the server served from its prefix cache, where it says. */
  readonly cachedTokens: number;
}

/** Reads `choices[0]` of a `/v1/completions` response. */
export function parseCompletionResponse(
  body: JsonObject,
  url: string,
  topLogprobs: number,
): CompletionChoice {
  const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
  if (!isJsonObject(choice)) throw new RemoteModelError({ url, problem: "the response has no choices[0]" });
  const tokens = parseTokenLogprobs(choice.logprobs, topLogprobs, url);
  const usage = isJsonObject(body.usage) ? body.usage : {};
  const details = isJsonObject(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  const stopReason = choice.stop_reason;
  return {
    tokens,
    text: typeof choice.text === "string" ? choice.text : "",
    finishReason: typeof choice.finish_reason === "string" ? choice.finish_reason : "length",
    stopReason: typeof stopReason === "string" || typeof stopReason === "number" ? stopReason : null,
    promptTokens: typeof usage.prompt_tokens === "number" ? usage.prompt_tokens : undefined,
    cachedTokens: typeof details.cached_tokens === "number" ? details.cached_tokens : 0,
  };
}

/**
 * Generated positions from a choice's `logprobs`, in either shape servers use:
 *
 * - OpenAI's legacy completions shape `{tokens, token_logprobs, top_logprobs: [{token: logprob}]}`
 *   with tokens named `token_id:N` (vLLM with `return_tokens_as_token_ids`; `ttpa serve`);
 * - the chat-style `{content: [{id, token, logprob, top_logprobs: [{id, token, logprob}]}]}`
 *   (llama.cpp's server, with ids in `id`).
 *
 * The top list is sorted most likely first and cut to `topLogprobs` (vLLM adds the chosen token
 * when it is not among the top ones; the backend contract reports exactly the top k).
 */
export function parseTokenLogprobs(logprobs: unknown, topLogprobs: number, url: string): GeneratedToken[] {
  if (!isJsonObject(logprobs)) {
    throw new RemoteModelError({
      url,
      problem: "the completion has no logprobs; the server must support `logprobs` on /v1/completions",
    });
  }
  if (Array.isArray(logprobs.content)) {
    return logprobs.content.map((entry, position) => {
      if (!isJsonObject(entry)) throw malformed(url, `logprobs.content[${position}]`);
      const top = Array.isArray(entry.top_logprobs) ? entry.top_logprobs : [];
      return {
        token: entryTokenId(entry, url, `logprobs.content[${position}]`),
        logprob: logprobValue(entry.logprob, url, `logprobs.content[${position}].logprob`),
        top: topOf(
          top.map((alternative, k) => {
            const where = `logprobs.content[${position}].top_logprobs[${k}]`;
            if (!isJsonObject(alternative)) throw malformed(url, where);
            return {
              token: entryTokenId(alternative, url, where),
              logprob: logprobValue(alternative.logprob, url, `${where}.logprob`),
            };
          }),
          topLogprobs,
        ),
      };
    });
  }
  const { tokens, token_logprobs: chosen, top_logprobs: tops } = logprobs;
  if (!Array.isArray(tokens) || !Array.isArray(chosen)) {
    throw malformed(url, "logprobs (expected {tokens, token_logprobs, top_logprobs} or {content: [...]})");
  }
  return tokens.map((name, position) => {
    const step = Array.isArray(tops) ? tops[position] : undefined;
    const alternatives = isJsonObject(step) ? Object.entries(step) : [];
    return {
      token: tokenIdFromName(name, url, `logprobs.tokens[${position}]`),
      logprob: logprobValue(chosen[position], url, `logprobs.token_logprobs[${position}]`),
      top: topOf(
        alternatives.map(([key, value]) => ({
          token: tokenIdFromName(key, url, `logprobs.top_logprobs[${position}]`),
          logprob: logprobValue(value, url, `logprobs.top_logprobs[${position}]["${key}"]`),
        })),
        topLogprobs,
      ),
    };
  });
}

function topOf(entries: TokenLogprob[], k: number): TokenLogprob[] {
  // Array.prototype.sort is stable: ties keep the server's order.
  return entries.sort((a, b) => b.logprob - a.logprob).slice(0, k);
}

function entryTokenId(entry: JsonObject, url: string, where: string): TokenId {
  if (typeof entry.id === "number" && Number.isInteger(entry.id)) return entry.id;
  return tokenIdFromName(entry.token, url, `${where}.token`);
}

function tokenIdFromName(name: JsonValue | undefined, url: string, where: string): TokenId {
  const match = typeof name === "string" ? /^token_id:(\d+)$/.exec(name) : null;
  if (match) return Number(match[1]);
  throw new RemoteModelError({
    url,
    problem:
      `${where} is ${JSON.stringify(name)}, token text rather than a token id; use a server that reports ids ` +
      "(vLLM honours return_tokens_as_token_ids, llama.cpp's server gives `id`, ttpa serve both)",
  });
}

function logprobValue(value: JsonValue | undefined, url: string, where: string): number {
  if (typeof value === "number") return value;
  throw malformed(url, `${where} (not a number)`);
}

function malformed(url: string, where: string): RemoteModelError {
  return new RemoteModelError({ url, problem: `unexpected completion response at ${where}` });
}
