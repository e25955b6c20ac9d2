import type { GenerateRequest, TokenId } from "../backends/language-model.js";
import type { JsonObject, JsonValue } from "../json/index.js";
import { BadRequestError } from "./bad-request.js";
import { generateOrReject, generationFields } from "./generation-fields.js";
import { completionLogprobs, finishOf } from "./logprobs-format.js";
import { onlySupported, optionalBoolean, optionalInteger, tokenIdList } from "./request-fields.js";
import type { ServeContext } from "./serve-context.js";

/**
 * `POST /v1/completions`. `prompt` is text, token ids, or an array of either (one choice each);
 * text is tokenized with special tokens read and BOS added when the model wants it, token ids are
 * used as given. All prompts of a request, and all concurrent requests, go to the model together.
 * Besides OpenAI's fields it reads vLLM's `return_tokens_as_token_ids`, `stop_token_ids`,
 * `ignore_eos` and `top_k`, and answers vLLM's `stop_reason` and `token_ids` in each choice.
 */
export async function completionsRoute(
  context: ServeContext,
  body: JsonObject,
  signal: AbortSignal,
): Promise<JsonObject> {
  const { info } = context.model;
  onlySupported(body, "echo", false, "the prompt is not repeated; leave echo out");
  const prompts = await promptsOf(context, body.prompt);
  const logprobs = optionalInteger(body, "logprobs", { min: 0, max: info.vocabularySize });
  const asIds = optionalBoolean(body, "return_tokens_as_token_ids") ?? false;
  const fields = generationFields(body, info, { defaultMaxTokens: 16 });
  const requests: GenerateRequest[] = prompts.map((prompt) => ({
    prompt,
    ...fields,
    topLogprobs: logprobs ?? 0,
  }));
  const results = await generateOrReject(context.model, requests, { signal });
  const choices: JsonObject[] = [];
  for (const [index, result] of results.entries()) {
    choices.push({
      index,
      text: result.text,
      logprobs: logprobs === undefined ? null : await completionLogprobs(context, result, asIds),
      ...finishOf(result),
      token_ids: result.tokens.map((step) => step.token),
    });
  }
  const promptTokens = prompts.reduce((sum, prompt) => sum + prompt.length, 0);
  const completionTokens = results.reduce((sum, result) => sum + result.tokens.length, 0);
  return {
    id: context.newId("cmpl"),
    object: "text_completion",
    created: Math.floor(Date.now() / 1000),
    model: context.name,
    choices,
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

async function promptsOf(context: ServeContext, prompt: JsonValue | undefined): Promise<TokenId[][]> {
  const { info } = context.model;
  if (prompt === undefined || prompt === null) {
    throw new BadRequestError({
      field: "prompt",
      problem: "is required: text, token ids, or an array of either",
    });
  }
  const one = async (value: JsonValue, field: string): Promise<TokenId[]> => {
    if (typeof value === "string") {
      const tokens = await context.model.tokenize(value, { specialTokens: true });
      return info.addBos && info.bos !== undefined ? [info.bos, ...tokens] : tokens;
    }
    return tokenIdList(value, field, info.vocabularySize);
  };
  if (typeof prompt === "string") return [await one(prompt, "prompt")];
  if (!Array.isArray(prompt) || prompt.length === 0) {
    throw new BadRequestError({
      field: "prompt",
      problem: "must be text, token ids, or a non-empty array of either",
    });
  }
  if (prompt.every((item) => typeof item === "number")) return [await one(prompt, "prompt")];
  return Promise.all(prompt.map((item, i) => one(item, `prompt[${i}]`)));
}
