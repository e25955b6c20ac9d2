import { isJsonObject, type JsonObject, type JsonValue } from "../json/json-value.js";
import type { ToolCall } from "../tool-calls/tool-call.js";
import type { ReferenceCall } from "./reference-call.js";

/** A plain call as a reference: each argument has exactly one accepted value and none is optional. */
export function referenceFromCall(call: ToolCall): ReferenceCall {
  const args: ReferenceCall["arguments"] = {};
  for (const [key, value] of Object.entries(call.arguments)) {
    args[key] = { accepted: [asAcceptedValue(value)], optional: false };
  }
  return { name: call.name, arguments: args };
}

/** Objects become patterns (each key accepts one value), at the top level and inside a top-level array. */
function asAcceptedValue(value: JsonValue): JsonValue {
  if (isJsonObject(value)) return asPattern(value);
  if (Array.isArray(value)) return value.map((item) => (isJsonObject(item) ? asPattern(item) : item));
  return value;
}

function asPattern(value: JsonObject): JsonObject {
  const pattern: JsonObject = {};
  for (const [key, item] of Object.entries(value)) pattern[key] = [item];
  return pattern;
}
