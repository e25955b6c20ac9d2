import { isJsonObject, type JsonObject, type JsonValue } from "../json/json-value.js";

const NUMERIC_LOWER = [
  "minimum",
  "exclusiveMinimum",
  "minLength",
  "minItems",
  "minProperties",
  "minContains",
];
const NUMERIC_UPPER = [
  "maximum",
  "exclusiveMaximum",
  "maxLength",
  "maxItems",
  "maxProperties",
  "maxContains",
];

/**
 * A schema with its `$ref` followed (local pointers into the root: `#/$defs/x`, `#/definitions/x`,
 * `#`) and its `allOf` folded into one schema, so that a value can be drawn from plain keywords.
 * `true` becomes `{}`, `false` becomes `{not: {}}`. `anyOf`/`oneOf` stay: the caller picks a branch.
 * A `$ref` cycle is cut after a few levels (the caller ends recursion by leaving optional parts out).
 */
export function effectiveSchema(schema: unknown, root: JsonObject, depth = 0): JsonObject {
  if (schema === true || schema === undefined) return {};
  if (schema === false) return { not: {} };
  if (!isJsonObject(schema)) return {};
  let result: JsonObject = schema;
  if (typeof result.$ref === "string" && depth < 8) {
    const { $ref, ...rest } = result;
    result = mergeSchemas(effectiveSchema(resolvePointer(root, $ref), root, depth + 1), rest);
  }
  if (Array.isArray(result.allOf)) {
    const { allOf, ...rest } = result;
    result = allOf.reduce<JsonObject>(
      (merged, part) => mergeSchemas(merged, effectiveSchema(part, root, depth + 1)),
      effectiveSchema(rest, root, depth + 1),
    );
  }
  return result;
}

/** The schema a local JSON Pointer `$ref` names; undefined when it names nothing. */
export function resolvePointer(root: JsonObject, ref: string): JsonValue | undefined {
  if (!ref.startsWith("#")) return undefined;
  let node: JsonValue | undefined = root;
  for (const raw of ref.slice(1).split("/").slice(1)) {
    const part = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = isJsonObject(node) ? node[part] : Array.isArray(node) ? node[Number(part)] : undefined;
  }
  return node;
}

/**
 * Both schemas at once, as far as plain keywords allow: the tighter bound of each pair, the common
 * types and enum values, properties merged property by property, `required` joined. What cannot be
 * merged exactly (two patterns, two `not`s) keeps one and leaves it to validation to catch.
 */
export function mergeSchemas(a: JsonObject, b: JsonObject): JsonObject {
  const merged: JsonObject = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const mine = merged[key];
    if (mine === undefined) {
      merged[key] = value;
      continue;
    }
    if (NUMERIC_LOWER.includes(key) && typeof mine === "number" && typeof value === "number")
      merged[key] = Math.max(mine, value);
    else if (NUMERIC_UPPER.includes(key) && typeof mine === "number" && typeof value === "number")
      merged[key] = Math.min(mine, value);
    else if (key === "type") merged.type = commonTypes(mine, value);
    else if (key === "enum" && Array.isArray(mine) && Array.isArray(value)) {
      const other = new Set(value.map((item) => JSON.stringify(item)));
      merged.enum = mine.filter((item) => other.has(JSON.stringify(item)));
    } else if (key === "required" && Array.isArray(mine) && Array.isArray(value))
      merged.required = [...new Set([...mine, ...value])];
    else if ((key === "properties" || key === "$defs" || key === "definitions") && isJsonObject(mine)) {
      const properties: JsonObject = { ...mine };
      for (const [name, schema] of Object.entries(isJsonObject(value) ? value : {})) {
        const existing = properties[name];
        properties[name] =
          existing === undefined
            ? schema
            : ({ allOf: [existing, schema] as JsonValue[] } satisfies JsonObject);
      }
      merged[key] = properties;
    } else if (key === "additionalProperties" || key === "items") {
      if (mine === false || value === false) merged[key] = false;
      else if (isJsonObject(mine) && isJsonObject(value)) merged[key] = { allOf: [mine, value] };
    } else if (key === "multipleOf" && typeof mine === "number" && typeof value === "number")
      merged[key] = leastCommonMultiple(mine, value);
    else if (key === "uniqueItems") merged[key] = mine === true || value === true;
  }
  return merged;
}

function commonTypes(a: JsonValue, b: JsonValue): JsonValue {
  const list = (type: JsonValue) => (Array.isArray(type) ? type.map(String) : [String(type)]);
  const right = list(b);
  // An integer is a number: {type: number} and {type: integer} have the integers in common.
  const common = list(a).flatMap((type) => {
    if (right.includes(type)) return [type];
    if (type === "number" && right.includes("integer")) return ["integer"];
    if (type === "integer" && right.includes("number")) return ["integer"];
    return [];
  });
  return common.length === 1 ? common[0]! : common;
}

function leastCommonMultiple(a: number, b: number): number {
  if (!Number.isInteger(a) || !Number.isInteger(b)) return Math.max(a, b);
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  return (a * b) / gcd(a, b);
}

/** The types a schema admits, from `type` or, without it, from the keywords it uses. */
export function schemaTypes(schema: JsonObject): string[] {
  if (typeof schema.type === "string") return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.map(String);
  if (schema.const !== undefined) return [jsonType(schema.const)];
  if (Array.isArray(schema.enum)) return [...new Set(schema.enum.map(jsonType))];
  if ("properties" in schema || "additionalProperties" in schema || "required" in schema) return ["object"];
  if ("items" in schema || "prefixItems" in schema || "minItems" in schema || "maxItems" in schema)
    return ["array"];
  if ("minLength" in schema || "maxLength" in schema || "pattern" in schema || "format" in schema)
    return ["string"];
  if (["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"].some((k) => k in schema))
    return ["number"];
  return ["string", "number", "integer", "boolean", "object", "array", "null"];
}

/** The JSON Schema type name of a value (`integer` for whole numbers). */
export function jsonType(value: JsonValue): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** Whether a value's type is one a schema with these types admits. */
export function typeAdmits(types: readonly string[], value: JsonValue): boolean {
  const type = jsonType(value);
  return types.includes(type) || (type === "integer" && types.includes("number"));
}
