import type { ChatMessage, ChatToolCall } from "../dataset/index.js";
import { isJsonObject, type JsonValue } from "../json/index.js";
import { type Toolset, ToolsetError, validateToolset } from "../tools/index.js";
import { BadRequestError } from "./bad-request.js";

function fail(field: string, problem: string): never {
  throw new BadRequestError({ field, problem });
}

/**
 * OpenAI chat messages from a request, checked field by field. Content may be a string or an
 * array of text parts (joined); `developer` is read as `system`; tool-call arguments may be a JSON
 * string (the wire form) or an object.
 */
export function chatMessages(value: JsonValue | undefined): ChatMessage[] {
  if (!Array.isArray(value) || value.length === 0) fail("messages", "must be a non-empty array of messages");
  return value.map((message, i): ChatMessage => {
    const where = `messages[${i}]`;
    if (!isJsonObject(message)) fail(where, "must be an object with 'role' and 'content'");
    const content = (nullable: boolean): string | null =>
      textContent(message.content, `${where}.content`, nullable);
    switch (message.role) {
      case "system":
      case "developer":
        return { role: "system", content: content(false) ?? "" };
      case "user":
        return { role: "user", content: content(false) ?? "" };
      case "tool": {
        const id = message.tool_call_id;
        if (id !== undefined && typeof id !== "string") fail(`${where}.tool_call_id`, "must be a string");
        return { role: "tool", tool_call_id: id ?? "", content: content(false) ?? "" };
      }
      case "assistant": {
        const calls = message.tool_calls;
        if (calls === undefined || calls === null) return { role: "assistant", content: content(true) };
        if (!Array.isArray(calls)) fail(`${where}.tool_calls`, "must be an array");
        return {
          role: "assistant",
          content: content(true),
          tool_calls: calls.map((call, k) => toolCall(call, `${where}.tool_calls[${k}]`)),
        };
      }
      default:
        return fail(
          `${where}.role`,
          `must be system, user, assistant or tool, got ${JSON.stringify(message.role)}`,
        );
    }
  });
}

/** The request's `tools` (OpenAI tools array), validated like a toolset file. */
export function requestTools(value: JsonValue | undefined): Toolset {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail("tools", "must be an array of {type: 'function', function: {...}}");
  try {
    validateToolset(value as unknown as Toolset);
  } catch (error) {
    if (error instanceof ToolsetError) fail("tools", error.message);
    throw error;
  }
  return value as unknown as Toolset;
}

function textContent(value: JsonValue | undefined, field: string, nullable: boolean): string | null {
  if (typeof value === "string") return value;
  if ((value === null || value === undefined) && nullable) return null;
  if (Array.isArray(value)) {
    return value
      .map((part, k) => {
        if (isJsonObject(part) && part.type === "text" && typeof part.text === "string") return part.text;
        return fail(`${field}[${k}]`, "only text parts ({type: 'text', text}) are supported");
      })
      .join("");
  }
  return fail(field, "must be a string or an array of text parts");
}

function toolCall(value: JsonValue, field: string): ChatToolCall {
  if (!isJsonObject(value) || !isJsonObject(value.function)) {
    fail(field, "must be {id, type: 'function', function: {name, arguments}}");
  }
  const { name, arguments: args } = value.function;
  if (typeof name !== "string" || name === "") fail(`${field}.function.name`, "must be a non-empty string");
  let text: string;
  if (typeof args === "string") text = args;
  else if (isJsonObject(args)) text = JSON.stringify(args);
  else if (args === undefined || args === null) text = "{}";
  else return fail(`${field}.function.arguments`, "must be a JSON string or an object");
  return {
    id: typeof value.id === "string" ? value.id : "",
    type: "function",
    function: { name, arguments: text },
  };
}
