import { TOOL_CHAT_TOKENS } from "../chat-template/index.js";
import type { AssistantMessage, ChatMessage, ChatToolCall } from "../dataset/chat-message.js";
import type { Toolset } from "../tools/tool-definition.js";
import type { ChatRenderer } from "./chat-renderer.js";

export interface AssistantMessageForOptions {
  renderer: ChatRenderer;
  context: readonly ChatMessage[];
  tools: Toolset;
  /** The completion exactly as the model produced it (no end-of-turn marker). */
  text: string;
}

/** The message, and whether its calls became `tool_calls` or stayed raw `content`. */
export interface AssistantMessageFor {
  message: AssistantMessage;
  form: "tool_calls" | "content";
}

const OPEN = TOOL_CHAT_TOKENS.toolCallStart;
const CLOSE = TOOL_CHAT_TOKENS.toolCallEnd;

/**
 * The assistant message to store for a sampled completion. Calls are stored as `tool_calls`
 * (arguments as the exact JSON text the model wrote) only when that message renders through the
 * chat template to exactly the text a raw-`content` message renders to; otherwise the raw text is
 * kept as `content`, so token-level training sees the very text that was sampled. Either way the
 * rendered turn is the same, which is what makes the pair's divergence token well defined.
 */
export function assistantMessageFor(options: AssistantMessageForOptions): AssistantMessageFor {
  const { renderer, context, tools, text } = options;
  const raw: AssistantMessage = { role: "assistant", content: text };
  const structured = structuredMessage(text);
  if (structured === undefined) return { message: raw, form: "content" };
  try {
    const expected = renderer.completion(context, tools, raw);
    if (renderer.completion(context, tools, structured) === expected)
      return { message: structured, form: "tool_calls" };
  } catch {
    // A template that cannot render one of the two forms keeps the raw text, which it rendered as the prompt did.
  }
  return { message: raw, form: "content" };
}

/**
 * Reads text written in the tool template's call format — optional prose and a newline, then
 * `<tool_call>{"name": N, "arguments": A}</tool_call>` blocks separated by newlines — into a
 * message, keeping A's text as written. Anything else gives undefined.
 */
function structuredMessage(text: string): AssistantMessage | undefined {
  const first = text.indexOf(OPEN);
  if (first === -1) return undefined;
  if (first > 0 && text[first - 1] !== "\n") return undefined;
  const content = first > 0 ? text.slice(0, first - 1) : null;
  const calls: ChatToolCall[] = [];
  let at = first;
  while (at < text.length) {
    if (calls.length > 0) {
      if (text[at] !== "\n") return undefined;
      at++;
    }
    if (!text.startsWith(OPEN, at)) return undefined;
    const end = text.indexOf(CLOSE, at + OPEN.length);
    if (end === -1) return undefined;
    const call = readCallBody(text.slice(at + OPEN.length, end));
    if (call === undefined) return undefined;
    calls.push({ id: `call_${calls.length + 1}`, type: "function", function: call });
    at = end + CLOSE.length;
  }
  return { role: "assistant", content: content === "" ? null : content, tool_calls: calls };
}

const NAME_PREFIX = '{"name": ';
const ARGUMENTS_KEY = ', "arguments": ';

function readCallBody(body: string): { name: string; arguments: string } | undefined {
  if (!body.startsWith(NAME_PREFIX) || !body.endsWith("}")) return undefined;
  const nameEnd = stringLiteralEnd(body, NAME_PREFIX.length);
  if (nameEnd === undefined || !body.startsWith(ARGUMENTS_KEY, nameEnd)) return undefined;
  let name: unknown;
  try {
    name = JSON.parse(body.slice(NAME_PREFIX.length, nameEnd));
  } catch {
    return undefined;
  }
  if (typeof name !== "string") return undefined;
  const args = body.slice(nameEnd + ARGUMENTS_KEY.length, -1);
  return args.trim() === "" ? undefined : { name, arguments: args };
}

/** Index just past the JSON string literal starting at `start`, or undefined if there is none. */
function stringLiteralEnd(text: string, start: number): number | undefined {
  if (text[start] !== '"') return undefined;
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i + 1;
  }
  return undefined;
}
