import type { AssistantMessage } from "../dataset/chat-message.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../json/json-value.js";
import type { ReferenceCall } from "../reference/reference-call.js";

/**
 * An assistant message that makes the reference calls, for targets given without their records:
 * each argument takes its first accepted value (patterns take each key's first value), and
 * arguments that may be left out and accept nothing else are left out. Undefined when the right
 * answer is no call, since there is then no reference text to prefer.
 */
export function messageFromReference(reference: readonly ReferenceCall[]): AssistantMessage | undefined {
  if (reference.length === 0) return undefined;
  return {
    role: "assistant",
    content: null,
    tool_calls: reference.map((call, i) => {
      const args: JsonObject = {};
      for (const [key, argument] of Object.entries(call.arguments)) {
        const first = argument.accepted[0];
        if (first !== undefined) args[key] = fromPattern(first);
      }
      return {
        id: `call_${i + 1}`,
        type: "function" as const,
        function: { name: call.name, arguments: JSON.stringify(args) },
      };
    }),
  };
}

function fromPattern(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map((item) => (isJsonObject(item) ? firstOfEach(item) : item));
  return isJsonObject(value) ? firstOfEach(value) : value;
}

function firstOfEach(pattern: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, values] of Object.entries(pattern)) {
    const first = Array.isArray(values) ? values.find((value) => value !== "") : values;
    if (first !== undefined) out[key] = first;
  }
  return out;
}
