import { isJsonObject, type JsonValue } from "../json/json-value.js";
import type { PythonOnlyType } from "../tool-calls/tool-call.js";

/**
 * Whether a value has the type its argument should have. The schema's `type` decides; without a
 * schema type (or for BFCL's `any`) any value passes, and without a schema at all the type of the
 * reference's first accepted value is expected (numbers interchangeable, since JSON has one).
 * A value of the same kind as an accepted one always passes: when the reference itself departs
 * from the schema (BFCL accepts `None` for some string parameters), the reference is right.
 */
export function hasExpectedType(
  value: JsonValue,
  schema: unknown,
  accepted: readonly JsonValue[] | undefined,
  pythonType: PythonOnlyType | undefined,
): boolean {
  if (isJsonObject(schema)) {
    if (matchesSchemaType(value, schema, pythonType)) return true;
    return (accepted ?? []).some(
      (item) =>
        item !== "" && jsonKind(item) === jsonKind(value) && !matchesSchemaType(item, schema, undefined),
    );
  }
  const example = accepted?.find((item) => item !== "");
  if (example === undefined) return true;
  return jsonKind(value) === jsonKind(example);
}

function matchesSchemaType(
  value: JsonValue,
  schema: Record<string, unknown>,
  pythonType: PythonOnlyType | undefined,
): boolean {
  if (schema["x-bfcl-type"] === "any") return true;
  const type = schema.type;
  if (typeof type === "string") return matchesType(value, type, pythonType);
  if (Array.isArray(type))
    return type.some((t) => typeof t === "string" && matchesType(value, t, pythonType));
  return true;
}

/** The name of the schema type a value has, for messages. */
export function describeType(value: JsonValue, pythonType: PythonOnlyType | undefined): string {
  if (pythonType === "float") return "number (float)";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return jsonKind(value);
}

function matchesType(value: JsonValue, type: string, pythonType: PythonOnlyType | undefined): boolean {
  switch (type) {
    case "integer":
      return typeof value === "number" && Number.isInteger(value) && pythonType !== "float";
    case "number":
      return typeof value === "number";
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    case "object":
      return isJsonObject(value);
    default:
      return true;
  }
}

function jsonKind(value: JsonValue): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return "number";
  return typeof value;
}
