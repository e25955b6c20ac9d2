import { randomUUID } from "node:crypto";
import { promptTokens } from "../inference/index.js";
import type { JsonObject } from "../json/index.js";
import { parseToolCalls } from "../tool-calls/index.js";
import { BadRequestError } from "./bad-request.js";
import { chatMessages, requestTools } from "./chat-messages.js";
import { generateOrReject, generationFields } from "./generation-fields.js";
import { chatLogprobs, finishOf } from "./logprobs-format.js";
import { optionalBoolean, optionalInteger } from "./request-fields.js";
import type { ServeContext } from "./serve-context.js";

/**
 * `POST /v1/chat/completions`: `messages` and `tools` rendered with the model's chat template
 * (ttpa's tool template when it ships none), then generated until an end token. When tools were
 * given and `tool_choice` is not "none", the output is parsed with parseToolCalls: calls in any
 * syntax it reads become `tool_calls` (finish_reason "tool_calls"); anything else is `content`.
 * `logprobs: true` with `top_logprobs: k` answers OpenAI's chat logprobs, ids included.
 */
export async function chatCompletionsRoute(
  context: ServeContext,
  body: JsonObject,
  signal: AbortSignal,
): Promise<JsonObject> {
  const { model } = context;
  const messages = chatMessages(body.messages);
  const tools = requestTools(body.tools);
  const toolChoice = body.tool_choice ?? "auto";
  if (toolChoice !== "auto" && toolChoice !== "none") {
    throw new BadRequestError({
      field: "tool_choice",
      problem: `only "auto" and "none" are supported, got ${JSON.stringify(toolChoice)}`,
    });
  }
  const logprobs = optionalBoolean(body, "logprobs") ?? false;
  const topLogprobs = optionalInteger(body, "top_logprobs", { min: 0, max: model.info.vocabularySize }) ?? 0;
  if (topLogprobs > 0 && !logprobs) {
    throw new BadRequestError({ field: "top_logprobs", problem: "needs logprobs: true" });
  }
  const fields = generationFields(body, model.info, { defaultMaxTokens: model.info.contextSize });
  const prompt = await promptTokens({ model, messages, tools });
  const [result] = await generateOrReject(model, [{ prompt, ...fields, topLogprobs }], {
    signal,
    promptField: "messages",
  });
  if (result === undefined) throw new Error("the model returned no result");

  const parsed = tools.length > 0 && toolChoice === "auto" ? parseToolCalls(result.text) : undefined;
  const { finish_reason, stop_reason } = finishOf(result);
  const message: JsonObject =
    parsed?.type === "calls"
      ? {
          role: "assistant",
          content: null,
          tool_calls: parsed.calls.map((call) => ({
            id: `call_${randomUUID().replaceAll("-", "").slice(0, 24)}`,
            type: "function",
            function: { name: call.name, arguments: JSON.stringify(call.arguments) },
          })),
        }
      : { role: "assistant", content: result.text };
  const completionTokens = result.tokens.length;
  return {
    id: context.newId("chatcmpl"),
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: context.name,
    choices: [
      {
        index: 0,
        message,
        logprobs: logprobs ? await chatLogprobs(context, result, topLogprobs) : null,
        finish_reason: parsed?.type === "calls" && finish_reason === "stop" ? "tool_calls" : finish_reason,
        stop_reason,
      },
    ],
    usage: {
      prompt_tokens: prompt.length,
      completion_tokens: completionTokens,
      total_tokens: prompt.length + completionTokens,
    },
  };
}
