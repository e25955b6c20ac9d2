import { isJsonObject } from "../json/json-value.js";

/** The parameter types BFCL's Python AST checker knows (its `PYTHON_TYPE_MAPPING` keys). */
export type BfclType = "string" | "integer" | "float" | "boolean" | "array" | "tuple" | "dict" | "any";

/** BFCL types that JSON Schema cannot say exactly: they travel as the `x-bfcl-type` keyword. */
export type BfclExtensionType = "float" | "tuple" | "dict" | "any";

export const BFCL_TYPE_KEYWORD = "x-bfcl-type";

const EXTENSION_TYPES: ReadonlySet<string> = new Set<BfclExtensionType>(["float", "tuple", "dict", "any"]);

/**
 * The BFCL type of a schema node: its `x-bfcl-type` when the node came from BFCL, otherwise the
 * closest BFCL type of its JSON Schema `type` (number → float, object → dict, array → array, and
 * anything without one plain type → any), so non-BFCL toolsets get the same checks.
 */
export function bfclTypeOf(schema: unknown): BfclType {
  if (!isJsonObject(schema)) return "any";
  const extension = schema[BFCL_TYPE_KEYWORD];
  if (typeof extension === "string" && EXTENSION_TYPES.has(extension)) return extension as BfclExtensionType;
  switch (schema.type) {
    case "string":
    case "integer":
    case "boolean":
    case "array":
      return schema.type;
    case "number":
      return "float";
    case "object":
      return "dict";
    default:
      return "any";
  }
}

/** The schema of the items of an array node, when it has exactly one. */
export function itemsSchemaOf(schema: unknown): unknown {
  if (!isJsonObject(schema)) return undefined;
  return isJsonObject(schema.items) ? schema.items : undefined;
}
