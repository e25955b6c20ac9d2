import type { ChatMessage } from "../dataset/chat-message.js";
import type { JsonValue } from "../json/json-value.js";
import type { PreferencePair } from "./preference-pair.js";

export interface TrlExportOptions {
  /**
   * Write `tools` as one JSON string instead of a list of schemas. TRL reads both; the string form
   * survives `datasets` versions that align nested columns across rows (filling other rows' keys
   * with nulls). Default false.
   */
  toolsAsJsonString?: boolean;
}

/** One row of TRL's conversational preference type, with tools. */
export interface TrlPreferenceRow {
  id: string;
  prompt: TrlMessage[];
  chosen: [TrlMessage];
  rejected: [TrlMessage];
  tools: PreferencePair["tools"] | string;
  score_chosen: number;
  score_rejected: number;
}

export type TrlMessage = Record<string, JsonValue>;

/**
 * TRL's conversational preference format (`prompt`, `chosen`, `rejected` as message lists) with the
 * `tools` column its trainers pass to `apply_chat_template`. Tool-call arguments become objects, as
 * transformers' chat templates expect (`arguments | tojson`); arguments that are not a JSON object
 * (a broken rejected call) stay the string the model wrote.
 */
export function toTrlRow(pair: PreferencePair, options: TrlExportOptions = {}): TrlPreferenceRow {
  return {
    id: pair.id,
    prompt: pair.prompt.map(toTrlMessage),
    chosen: [toTrlMessage(pair.chosen)],
    rejected: [toTrlMessage(pair.rejected)],
    tools: options.toolsAsJsonString ? JSON.stringify(pair.tools) : pair.tools,
    score_chosen: pair.meta.chosen_score,
    score_rejected: pair.meta.rejected_score,
  };
}

function toTrlMessage(message: ChatMessage): TrlMessage {
  if (message.role !== "assistant" || !message.tool_calls || message.tool_calls.length === 0) {
    return { ...message } as TrlMessage;
  }
  return {
    role: "assistant",
    content: message.content,
    tool_calls: message.tool_calls.map((call) => ({
      id: call.id,
      type: "function",
      function: { name: call.function.name, arguments: objectOrText(call.function.arguments) },
    })),
  };
}

function objectOrText(text: string): JsonValue {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as JsonValue;
  } catch {
    // Not JSON: the sampled text is kept as written.
  }
  return text;
}
