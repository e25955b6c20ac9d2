import { isJsonObject, type JsonValue } from "../json/json-value.js";
import { bfclTypeOf, itemsSchemaOf } from "./bfcl-type.js";

/**
 * JSON text of a value where integral numbers at float-typed places are written `1.0`, not `1`:
 * BFCL's answers say `1.0` for float parameters, JSON.stringify would drop the `.0`, and the
 * checker (like Python's JSON reader) tells `1` from `1.0` inside lists.
 */
export function floatAwareJson(value: JsonValue, schema: unknown): string {
  if (typeof value === "number") {
    return Number.isInteger(value) && bfclTypeOf(schema) === "float" ? `${value}.0` : JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    const items = itemsSchemaOf(schema);
    return `[${value.map((item) => floatAwareJson(item, items)).join(",")}]`;
  }
  if (isJsonObject(value)) {
    const properties = isJsonObject(schema) && isJsonObject(schema.properties) ? schema.properties : {};
    const entries = Object.entries(value).map(
      ([key, item]) => `${JSON.stringify(key)}:${floatAwareJson(item, properties[key])}`,
    );
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}
