import { isJsonObject, type JsonObject, type JsonValue } from "../json/json-value.js";
import { CallFormatError } from "./call-format-error.js";
import { describeJsonValue } from "./describe-json-value.js";
import { parseJsonFast } from "./json-fast-path.js";
import { integralFloatTypes, JsonLocations, readJson } from "./json-reader.js";
import { skipWhitespace } from "./text-space.js";
import type { ToolCall } from "./tool-call.js";

// `id` and `type` come with the OpenAI wire shape; anything else means the object is not a call.
const OUTER_KEYS = new Set(["name", "arguments", "parameters", "function", "type", "id"]);
const INNER_KEYS = new Set(["name", "arguments", "parameters"]);

/**
 * The call a JSON object describes, in any of the shapes models write:
 * `{"name", "arguments"}`, `{"name", "parameters"}`, `{"function": "name", "parameters"|"arguments"}`
 * and the OpenAI wire shape `{"type": "function", "function": {"name", "arguments"}}`. Arguments may
 * be an object or a string holding a JSON object. Keys outside these shapes are an error, so that
 * ordinary data (`{"name": "Bob", "age": 3}`) is not mistaken for a call.
 */
export function callFromJsonObject(object: JsonObject, offset: number, locations: JsonLocations): ToolCall {
  checkKeys(object, OUTER_KEYS, offset, locations);
  if (Object.hasOwn(object, "type") && object.type !== "function") {
    const at = locations.offsetOf(object, "type", offset);
    throw new CallFormatError(
      `unknown function-call shape: 'type' is ${describeJsonValue(object.type)}, not "function"`,
      at,
    );
  }
  const fn = object.function;
  if (isJsonObject(fn)) {
    for (const key of ["name", "arguments", "parameters"]) {
      if (Object.hasOwn(object, key)) {
        const at = locations.keyOffsetOf(object, key, offset);
        throw new CallFormatError(`unknown function-call shape: both a 'function' object and '${key}'`, at);
      }
    }
    const innerOffset = locations.offsetOf(object, "function", offset);
    checkKeys(fn, INNER_KEYS, innerOffset, locations);
    return withTypes(readName(fn, "name", innerOffset, locations), readArguments(fn, innerOffset, locations));
  }
  if (Object.hasOwn(object, "function") && Object.hasOwn(object, "name")) {
    const at = locations.keyOffsetOf(object, "name", offset);
    throw new CallFormatError("unknown function-call shape: both 'function' and 'name'", at);
  }
  const nameKey = Object.hasOwn(object, "function") ? "function" : "name";
  return withTypes(readName(object, nameKey, offset, locations), readArguments(object, offset, locations));
}

function withTypes(name: string, read: { args: JsonObject; locations: JsonLocations }): ToolCall {
  const pythonTypes = integralFloatTypes(read.args, read.locations);
  return pythonTypes ? { name, arguments: read.args, pythonTypes } : { name, arguments: read.args };
}

function checkKeys(
  object: JsonObject,
  allowed: ReadonlySet<string>,
  offset: number,
  locations: JsonLocations,
): void {
  for (const key of Object.keys(object)) {
    if (!allowed.has(key)) {
      const at = locations.keyOffsetOf(object, key, offset);
      throw new CallFormatError(`unknown function-call shape: unexpected key '${key}'`, at);
    }
  }
}

function readName(object: JsonObject, key: string, offset: number, locations: JsonLocations): string {
  if (!Object.hasOwn(object, key))
    throw new CallFormatError("unknown function-call shape: object has no 'name'", offset);
  const name = object[key];
  if (typeof name !== "string" || name === "") {
    const at = locations.offsetOf(object, key, offset);
    throw new CallFormatError(`function name must be a non-empty string, got ${describeJsonValue(name)}`, at);
  }
  return name;
}

function readArguments(
  object: JsonObject,
  offset: number,
  locations: JsonLocations,
): { args: JsonObject; locations: JsonLocations } {
  if (Object.hasOwn(object, "arguments") && Object.hasOwn(object, "parameters")) {
    const at = locations.keyOffsetOf(object, "parameters", offset);
    throw new CallFormatError("unknown function-call shape: both 'arguments' and 'parameters'", at);
  }
  const key = Object.hasOwn(object, "arguments") ? "arguments" : "parameters";
  if (!Object.hasOwn(object, key)) {
    throw new CallFormatError(
      "unknown function-call shape: object has no 'arguments' or 'parameters'",
      offset,
    );
  }
  const value = object[key];
  const at = locations.offsetOf(object, key, offset);
  if (typeof value === "string") {
    const inner = new JsonLocations();
    return { args: argumentsFromString(value, at, inner), locations: inner };
  }
  if (!isJsonObject(value))
    throw new CallFormatError(`arguments must be a JSON object, got ${describeJsonValue(value)}`, at);
  return { args: value, locations };
}

/** Errors inside the string are reported at the string's start: escapes make inner offsets drift. */
function argumentsFromString(text: string, at: number, locations: JsonLocations): JsonObject {
  // Well-formed arguments with nothing to record take the native parser; the rest, errors
  // included, the hand-written reader.
  const fast = parseJsonFast(text);
  if (isJsonObject(fast)) return fast;
  let parsed: { value: JsonValue; end: number };
  try {
    parsed = readJson(text, skipWhitespace(text, 0), locations);
  } catch (error) {
    if (error instanceof CallFormatError) {
      throw new CallFormatError(`arguments string is not valid JSON: ${error.reason}`, at);
    }
    throw error;
  }
  if (skipWhitespace(text, parsed.end) !== text.length) {
    throw new CallFormatError("arguments string is not valid JSON: unexpected text after the value", at);
  }
  if (!isJsonObject(parsed.value)) {
    throw new CallFormatError(`arguments must be a JSON object, got ${describeJsonValue(parsed.value)}`, at);
  }
  return parsed.value;
}
