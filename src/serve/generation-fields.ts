import { randomInt } from "node:crypto";
import { GenerateRequestError } from "../backends/generate-request-error.js";
import type {
  GenerateOptions,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  ModelInfo,
  Sampling,
} from "../backends/language-model.js";
import type { JsonObject } from "../json/index.js";
import { BadRequestError } from "./bad-request.js";
import {
  onlySupported,
  optionalBoolean,
  optionalInteger,
  optionalNumber,
  optionalStrings,
  tokenIdList,
} from "./request-fields.js";

export type GenerationFields = Omit<GenerateRequest, "prompt" | "forced" | "topLogprobs">;

/**
 * The fields completions and chat completions share, read the way vLLM reads them:
 * `max_tokens` (or `max_completion_tokens`), `temperature` (default 1, as in OpenAI's API; 0 is
 * greedy), `seed` (default: a random one), `top_p`, `top_k` (0 or -1: off), `stop`,
 * `stop_token_ids` (added to the model's end tokens) and `ignore_eos` (stop only at
 * `stop_token_ids`). `n` must be 1 and `stream` false.
 */
export function generationFields(
  body: JsonObject,
  info: ModelInfo,
  options: { defaultMaxTokens: number },
): GenerationFields {
  onlySupported(body, "n", 1, "send one request per completion wanted");
  onlySupported(body, "stream", false, "streaming is not supported; leave stream out");
  const maxTokens =
    optionalInteger(body, "max_tokens", { min: 0 }) ??
    optionalInteger(body, "max_completion_tokens", { min: 0 }) ??
    options.defaultMaxTokens;
  const temperature = optionalNumber(body, "temperature", { min: 0 }) ?? 1;
  const seed = optionalInteger(body, "seed", { min: 0, max: 2 ** 32 - 1 });
  const topP = optionalNumber(body, "top_p", { min: 0, max: 1 });
  if (topP === 0) throw new BadRequestError({ field: "top_p", problem: "must be above 0" });
  const topK = optionalInteger(body, "top_k", { min: -1 });
  const stopStrings = optionalStrings(body, "stop");
  const stopIds =
    body.stop_token_ids === undefined || body.stop_token_ids === null
      ? undefined
      : tokenIdList(body.stop_token_ids, "stop_token_ids", info.vocabularySize);
  const ignoreEos = optionalBoolean(body, "ignore_eos") ?? false;
  let stopTokens: number[] | undefined;
  if (ignoreEos) stopTokens = stopIds ?? [];
  else if (stopIds !== undefined) stopTokens = [...info.endOfGeneration, ...stopIds];
  const sampling: Sampling | undefined =
    temperature === 0
      ? undefined
      : {
          temperature,
          seed: seed ?? randomInt(2 ** 31),
          ...(topP === undefined ? {} : { topP }),
          ...(topK === undefined || topK <= 0 ? {} : { topK }),
        };
  return {
    maxTokens,
    ...(stopTokens === undefined ? {} : { stopTokens }),
    ...(stopStrings === undefined ? {} : { stopStrings }),
    ...(sampling === undefined ? {} : { sampling }),
  };
}

/** Wire names of GenerateRequest fields, for messages about them. */
const WIRE_FIELDS: Record<string, string> = {
  prompt: "prompt",
  forced: "prompt",
  maxTokens: "max_tokens",
  topLogprobs: "logprobs",
  "sampling.temperature": "temperature",
  "sampling.seed": "seed",
  "sampling.topP": "top_p",
  "sampling.topK": "top_k",
};

/** Runs `generate`, turning a request the model refuses (too long for the context, ...) into a 400. */
export async function generateOrReject(
  model: LanguageModel,
  requests: readonly GenerateRequest[],
  options: GenerateOptions & { promptField?: string },
): Promise<GenerateResult[]> {
  try {
    return await model.generate(requests, options.signal ? { signal: options.signal } : {});
  } catch (error) {
    if (!(error instanceof GenerateRequestError)) throw error;
    const problem = error.message.replace(/^request \d+, '[^']*': /, "");
    const wire = WIRE_FIELDS[error.field] ?? error.field;
    const field = wire === "prompt" ? (options.promptField ?? "prompt") : wire;
    const where = requests.length > 1 && wire === "prompt" ? `${field}[${error.requestIndex}]` : field;
    throw new BadRequestError({ field: where, problem });
  }
}
