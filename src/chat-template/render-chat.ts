import { Template } from "@huggingface/jinja";
import type { ChatMessage } from "../dataset/chat-message.js";
import type { Toolset } from "../tools/tool-definition.js";
import { TOOL_CHAT_TEMPLATE, TOOL_CHAT_TOKENS } from "./tool-chat-format.js";

export interface RenderChatOptions {
  messages: readonly ChatMessage[];
  /** The OpenAI tools array, shown to the model in the system turn. Default none. */
  tools?: Toolset;
  /** End with the assistant's header so a model continues with its turn. Default false. */
  addGenerationPrompt?: boolean;
  /** Jinja chat template. Default ttpa's TOOL_CHAT_TEMPLATE. */
  chatTemplate?: string;
  /** Default TOOL_CHAT_TOKENS.bos; pass the tokenizer's when using its own template. */
  bosToken?: string;
  /** Default TOOL_CHAT_TOKENS.endOfTurn. */
  eosToken?: string;
}

const compiled = new Map<string, Template>();

/**
 * Renders a conversation to text with a Jinja chat template through `@huggingface/jinja`, the
 * renderer Hugging Face's JavaScript libraries use, with the variables transformers'
 * apply_chat_template passes (messages, tools, add_generation_prompt, bos_token, eos_token).
 */
export function renderChat(options: RenderChatOptions): string {
  const source = options.chatTemplate ?? TOOL_CHAT_TEMPLATE;
  let template = compiled.get(source);
  if (!template) {
    template = new Template(source);
    compiled.set(source, template);
  }
  const tools = options.tools ?? [];
  return template.render({
    messages: options.messages.map(toTemplateMessage),
    // transformers passes None, not an empty list, when there are no tools; templates test for it.
    tools: tools.length > 0 ? tools : undefined,
    add_generation_prompt: options.addGenerationPrompt ?? false,
    bos_token: options.bosToken ?? TOOL_CHAT_TOKENS.bos,
    eos_token: options.eosToken ?? TOOL_CHAT_TOKENS.endOfTurn,
  });
}

/**
 * Chat templates expect arguments as an object (transformers' convention), while records keep
 * the wire's JSON string. Parsing keeps the string's key order; arguments that are not a JSON
 * object (a rejected sample's broken output) stay a string, which the template writes verbatim.
 */
function toTemplateMessage(message: ChatMessage): Record<string, unknown> {
  if (message.role !== "assistant" || !message.tool_calls || message.tool_calls.length === 0) {
    return { ...message };
  }
  return {
    ...message,
    tool_calls: message.tool_calls.map((call) => ({
      ...call,
      function: { name: call.function.name, arguments: parseArguments(call.function.arguments) },
    })),
  };
}

function parseArguments(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : text;
  } catch {
    return text;
  }
}
