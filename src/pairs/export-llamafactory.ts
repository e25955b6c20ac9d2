import { TOOL_CHAT_TOKENS } from "../chat-template/index.js";
import type { AssistantMessage, ChatMessage } from "../dataset/chat-message.js";
import type { PreferencePair } from "./preference-pair.js";

/** A ShareGPT message as LLaMA-Factory reads it. */
export interface ShareGptMessage {
  from: "human" | "gpt" | "observation" | "function_call";
  value: string;
}

/** One example of LLaMA-Factory's ShareGPT preference (ranking) format. */
export interface LlamaFactoryRankingRow {
  conversations: ShareGptMessage[];
  chosen: ShareGptMessage;
  rejected: ShareGptMessage;
  system: string;
  /** The function definitions as a JSON string, as LLaMA-Factory's `tools` column holds them. */
  tools: string;
}

/** The dataset_info.json entry that declares a file of these rows. */
export function llamaFactoryDatasetInfo(fileName: string): Record<string, unknown> {
  return {
    file_name: fileName,
    formatting: "sharegpt",
    ranking: true,
    columns: {
      messages: "conversations",
      chosen: "chosen",
      rejected: "rejected",
      system: "system",
      tools: "tools",
    },
    tags: {
      role_tag: "from",
      content_tag: "value",
      user_tag: "human",
      assistant_tag: "gpt",
      observation_tag: "observation",
      function_tag: "function_call",
      system_tag: "system",
    },
  };
}

/**
 * A pair in LLaMA-Factory's ShareGPT ranking layout, or undefined when the conversation cannot be
 * written there: LLaMA-Factory drops examples whose turns do not alternate (human or observation at
 * even positions, gpt or function_call at odd ones, an odd count before chosen/rejected), so such a
 * pair is reported as skipped instead. Consecutive tool results become one observation (a JSON
 * array of their contents), the leading system message the `system` column.
 */
export function toLlamaFactoryRow(pair: PreferencePair): LlamaFactoryRankingRow | undefined {
  let system = "";
  let messages: readonly ChatMessage[] = pair.prompt;
  const first = messages[0];
  if (first?.role === "system") {
    system = first.content;
    messages = messages.slice(1);
  }
  const conversations: ShareGptMessage[] = [];
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    if (message.role === "system") return undefined;
    if (message.role === "user") conversations.push({ from: "human", value: message.content });
    else if (message.role === "assistant") conversations.push(toShareGptAssistant(message));
    else {
      const results = [message.content];
      while (messages[i + 1]?.role === "tool") results.push((messages[++i] as { content: string }).content);
      conversations.push({
        from: "observation",
        value: results.length === 1 ? results[0]! : JSON.stringify(results),
      });
    }
  }
  const alternates = conversations.every((message, i) =>
    i % 2 === 0
      ? message.from === "human" || message.from === "observation"
      : message.from === "gpt" || message.from === "function_call",
  );
  if (!alternates || conversations.length % 2 === 0) return undefined;
  return {
    conversations,
    chosen: toShareGptAssistant(pair.chosen),
    rejected: toShareGptAssistant(pair.rejected),
    system,
    tools: JSON.stringify(pair.tools.map((tool) => tool.function)),
  };
}

/**
 * Calls alone become a `function_call` turn (`{"name", "arguments"}`, or a list of them for
 * parallel calls), which LLaMA-Factory formats with the model's own tool syntax. Calls with prose
 * or arguments that are not a JSON object cannot be written that way and stay text in ttpa's call
 * syntax, as a `gpt` turn.
 */
function toShareGptAssistant(message: AssistantMessage): ShareGptMessage {
  const calls = message.tool_calls ?? [];
  if (calls.length === 0) return { from: "gpt", value: message.content ?? "" };
  const parsed = calls.map((call) => ({
    name: call.function.name,
    arguments: parseObject(call.function.arguments),
  }));
  if ((message.content ?? "") === "" && parsed.every((call) => call.arguments !== undefined)) {
    return { from: "function_call", value: JSON.stringify(parsed.length === 1 ? parsed[0] : parsed) };
  }
  const blocks = calls.map(
    (call) =>
      `${TOOL_CHAT_TOKENS.toolCallStart}{"name": ${JSON.stringify(call.function.name)}, "arguments": ${call.function.arguments}}${TOOL_CHAT_TOKENS.toolCallEnd}`,
  );
  return { from: "gpt", value: [...(message.content ? [message.content] : []), ...blocks].join("\n") };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
