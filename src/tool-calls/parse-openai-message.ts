import { isJsonObject, type JsonObject, type JsonValue } from "../json/json-value.js";
import { CallFormatError } from "./call-format-error.js";
import { describeJsonValue } from "./describe-json-value.js";
import { parseJsonFast } from "./json-fast-path.js";
import { integralFloatTypes, JsonLocations, readJson } from "./json-reader.js";
import { MAX_NESTING } from "./max-nesting.js";
import type { CallSyntax, ParseResult } from "./parse-result.js";
import { parseTextCalls } from "./parse-text-calls.js";
import { setOwn } from "./set-own.js";
import { skipWhitespace } from "./text-space.js";
import type { ToolCall } from "./tool-call.js";

/** Whether `value` has the look of a chat message rather than some other object. */
export function isMessageLike(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  return "tool_calls" in value || "content" in value || "role" in value;
}

/**
 * Calls in an OpenAI assistant message. Non-empty `tool_calls` win over `content`; each one's
 * `function.arguments` may be a JSON string (as on the wire) or an object already parsed. An
 * empty or all-spacing arguments string reads as `{}`, as some servers send it for functions
 * without parameters. Errors in an arguments string carry the offset within that string; errors
 * in the message's structure carry offset 0. A message without tool calls has its `content`
 * (a string, or an array of text parts joined) parsed as text, offsets then being within it.
 */
export function parseOpenAiMessage(
  message: Record<string, unknown>,
  syntaxes: ReadonlySet<CallSyntax>,
): ParseResult {
  if (message.role !== undefined && message.role !== "assistant") {
    return structureError(`the message's role is ${JSON.stringify(message.role)}, not "assistant"`);
  }
  const toolCalls = message.tool_calls;
  if (toolCalls !== undefined && toolCalls !== null && !Array.isArray(toolCalls)) {
    return structureError("tool_calls must be an array");
  }
  if (Array.isArray(toolCalls) && toolCalls.length > 0) {
    if (!syntaxes.has("openai"))
      return structureError("OpenAI tool_calls are not accepted here (options.syntaxes)");
    const calls: ToolCall[] = [];
    for (let index = 0; index < toolCalls.length; index++) {
      const call = readToolCall(toolCalls[index], `tool_calls[${index}]`);
      if (call instanceof CallFormatError)
        return { type: "format_error", reason: call.reason, offset: call.offset };
      calls.push(call);
    }
    return { type: "calls", calls, syntax: "openai" };
  }
  const content = message.content;
  if (content === undefined || content === null) return { type: "no_call", text: "" };
  if (typeof content === "string") return parseTextCalls(content, syntaxes);
  if (Array.isArray(content) && content.every(isTextPart)) {
    return parseTextCalls(content.map((part) => part.text).join(""), syntaxes);
  }
  return structureError("the message's content must be a string, an array of text parts, or null");
}

function structureError(reason: string): ParseResult {
  return { type: "format_error", reason, offset: 0 };
}

function isTextPart(part: unknown): part is { type: "text"; text: string } {
  return isJsonObject(part) && part.type === "text" && typeof part.text === "string";
}

function readToolCall(toolCall: unknown, where: string): ToolCall | CallFormatError {
  if (!isJsonObject(toolCall)) return new CallFormatError(`${where} is not an object`, 0);
  if (toolCall.type !== undefined && toolCall.type !== "function") {
    return new CallFormatError(`${where}.type is ${JSON.stringify(toolCall.type)}, not "function"`, 0);
  }
  const fn = toolCall.function;
  if (!isJsonObject(fn)) return new CallFormatError(`${where} has no 'function' object`, 0);
  if (typeof fn.name !== "string" || fn.name === "") {
    return new CallFormatError(`${where}.function.name must be a non-empty string`, 0);
  }
  const args = fn.arguments;
  if (typeof args === "string") {
    // Well-formed arguments with nothing to record take the native parser; the rest, errors
    // included, the hand-written reader.
    const fast = parseJsonFast(args);
    if (isJsonObject(fast)) return { name: fn.name, arguments: fast };
    const locations = new JsonLocations();
    const parsed = argumentsFromString(args, `${where}.function.arguments`, locations);
    if (parsed instanceof CallFormatError) return parsed;
    const pythonTypes = integralFloatTypes(parsed, locations);
    return pythonTypes
      ? { name: fn.name, arguments: parsed, pythonTypes }
      : { name: fn.name, arguments: parsed };
  }
  if (!isJsonObject(args)) {
    return new CallFormatError(
      `${where}.function.arguments must be a JSON string or object, got ${typeName(args)}`,
      0,
    );
  }
  const copied = copyJson(args, 0, new Set());
  if (!copied.ok) return new CallFormatError(`${where}.function.arguments must not ${copied.problem}`, 0);
  return { name: fn.name, arguments: isJsonObject(copied.value) ? copied.value : {} };
}

function argumentsFromString(
  text: string,
  where: string,
  locations: JsonLocations,
): JsonObject | CallFormatError {
  const start = skipWhitespace(text, 0);
  if (start === text.length) return {};
  try {
    const { value, end } = readJson(text, start, locations);
    const rest = skipWhitespace(text, end);
    if (rest !== text.length)
      return new CallFormatError(`${where}: unexpected text after the JSON value`, rest);
    if (!isJsonObject(value))
      return new CallFormatError(`${where} must be a JSON object, got ${describeJsonValue(value)}`, start);
    return value;
  } catch (error) {
    if (error instanceof CallFormatError)
      return new CallFormatError(`${where}: ${error.reason}`, error.offset);
    throw error;
  }
}

type Copied = { ok: true; value: JsonValue } | { ok: false; problem: string };

/**
 * A fresh JSON copy of arguments handed over already parsed, or what keeps them from being JSON:
 * a function, `undefined`, a non-finite number, a class instance, a cycle.
 */
function copyJson(value: unknown, depth: number, open: Set<object>): Copied {
  if (value === null || typeof value === "string" || typeof value === "boolean") return { ok: true, value };
  if (typeof value === "number") {
    return Number.isFinite(value) ? { ok: true, value } : { ok: false, problem: `hold the number ${value}` };
  }
  if (typeof value !== "object")
    return { ok: false, problem: `hold a value JSON cannot carry (${typeof value})` };
  if (depth >= MAX_NESTING) return { ok: false, problem: `nest deeper than ${MAX_NESTING} levels` };
  if (open.has(value)) return { ok: false, problem: "hold a cycle" };
  const prototype: unknown = Object.getPrototypeOf(value);
  const isArray = Array.isArray(value);
  if (!isArray && prototype !== Object.prototype && prototype !== null) {
    return { ok: false, problem: "hold an object that is not plain data" };
  }
  open.add(value);
  const copy: JsonValue[] | JsonObject = isArray ? [] : {};
  for (const [key, item] of Object.entries(value)) {
    const copied = copyJson(item, depth + 1, open);
    if (!copied.ok) return copied;
    if (Array.isArray(copy)) copy.push(copied.value);
    else setOwn(copy, key, copied.value);
  }
  open.delete(value);
  return { ok: true, value: copy };
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return value === undefined ? "nothing" : typeof value;
}
