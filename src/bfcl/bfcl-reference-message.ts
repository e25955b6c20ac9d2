import type { AssistantMessage } from "../dataset/chat-message.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../json/json-value.js";
import type { PossibleAnswerCall } from "../reference/reference-call.js";
import type { Toolset } from "../tools/tool-definition.js";
import { bfclTypeOf, itemsSchemaOf } from "./bfcl-type.js";
import { floatAwareJson } from "./float-aware-json.js";

export interface ReferenceMessage {
  message: AssistantMessage;
  /** Answer parameters that the function's schema lacks, left out of the calls (BFCL data slips). */
  outsideSchema: string[];
}

/**
 * The assistant message that answers with BFCL's ground truth: each call takes the first accepted
 * value of each parameter; parameters that accept only "" (may be left out) are left out unless
 * the schema requires them (then they are given as ""), and so are parameters the function does
 * not declare, since BFCL would reject them as unexpected. Dict
 * patterns (`{key: [accepted...]}`) become plain dicts the same way, where BFCL's checker reads
 * them as patterns: for dict parameters and for lists of dicts.
 * A call naming a function the toolset lacks gives `{ missingFunction }` instead.
 */
export function bfclReferenceMessage(
  groundTruth: PossibleAnswerCall[],
  tools: Toolset,
): ReferenceMessage | { missingFunction: string } {
  const outsideSchema: string[] = [];
  const toolCalls: NonNullable<AssistantMessage["tool_calls"]> = [];
  for (const [index, call] of groundTruth.entries()) {
    const [name, params] = Object.entries(call)[0]!;
    const tool = tools.find((candidate) => candidate.function.name === name);
    if (!tool) return { missingFunction: name };
    const properties = isJsonObject(tool.function.parameters.properties)
      ? tool.function.parameters.properties
      : {};
    const required = Array.isArray(tool.function.parameters.required)
      ? tool.function.parameters.required
      : [];
    const args: JsonObject = {};
    for (const [param, values] of Object.entries(params)) {
      if (!Object.hasOwn(properties, param)) {
        outsideSchema.push(`${name}.${param}`);
        continue;
      }
      const first = firstAccepted(values);
      if (first !== undefined) args[param] = concrete(first, properties[param]);
      // A required parameter whose only answer is "" cannot be left out, but "" as a value matches it.
      else if (required.includes(param) && Array.isArray(values) && values.includes("")) args[param] = "";
    }
    toolCalls.push({
      id: `call_${index}`,
      type: "function",
      function: { name, arguments: floatAwareJson(args, tool.function.parameters) },
    });
  }
  return { message: { role: "assistant", content: null, tool_calls: toolCalls }, outsideSchema };
}

function firstAccepted(values: JsonValue): JsonValue | undefined {
  if (!Array.isArray(values)) return values;
  return values.find((value) => value !== "");
}

function concrete(value: JsonValue, schema: unknown): JsonValue {
  const type = bfclTypeOf(schema);
  if (type === "dict" && isJsonObject(value)) return fromPattern(value);
  if (
    (type === "array" || type === "tuple") &&
    Array.isArray(value) &&
    bfclTypeOf(itemsSchemaOf(schema)) === "dict"
  ) {
    return value.map((item) => (isJsonObject(item) ? fromPattern(item) : item));
  }
  return value;
}

function fromPattern(pattern: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, values] of Object.entries(pattern)) {
    const first = firstAccepted(values);
    if (first !== undefined) out[key] = first;
  }
  return out;
}
