import { isJsonObject, type JsonObject, type JsonValue } from "../json/json-value.js";
import {
  effectiveSchema,
  mergeSchemas,
  resolvePointer,
  schemaTypes,
  typeAdmits,
} from "./effective-schema.js";

/** A part of a schema that no value can satisfy, named by its path and keyword. */
export interface Unsatisfiable {
  /** Path of the sub-schema inside the parameters schema (`properties.stay.maxLength`). */
  path: string;
  keyword: string;
  reason: string;
}

/**
 * The first keyword that makes a parameters schema (or a part of it a valid call must contain)
 * impossible to satisfy: bounds that cross, `multipleOf` with no multiple in range, too few enum
 * values for `uniqueItems`, a required property that may not exist, a `$ref` to nothing, `anyOf`
 * branches all impossible, types that `allOf` leaves empty. Undefined when none is found. It checks
 * keywords, not every combination: a draw can still fail, and construction then rejects that call.
 */
export function findUnsatisfiable(parameters: JsonObject): Unsatisfiable | undefined {
  return check(parameters, "", parameters, new Set());
}

const NEVER = (raw: JsonValue | undefined) =>
  raw === false || (isJsonObject(raw) && isJsonObject(raw.not) && Object.keys(raw.not).length === 0);

function check(raw: JsonValue, path: string, root: JsonObject, refs: Set<string>): Unsatisfiable | undefined {
  const at = (keyword: string, reason: string): Unsatisfiable => ({
    path: path ? `${path}.${keyword}` : keyword,
    keyword,
    reason,
  });
  if (raw === false) return at("false", "the schema `false` admits nothing");
  if (!isJsonObject(raw)) return undefined;
  if (typeof raw.$ref === "string") {
    if (refs.has(raw.$ref)) return undefined;
    if (resolvePointer(root, raw.$ref) === undefined) return at("$ref", `'${raw.$ref}' names no schema here`);
    refs = new Set([...refs, raw.$ref]);
  }
  const schema = effectiveSchema(raw, root);
  if (NEVER(schema)) return at("not", "`not: {}` admits nothing");
  const types = schemaTypes(schema);
  if (Array.isArray(schema.type) && schema.type.length === 0)
    return at("allOf", "its parts have no type in common");
  for (const keyword of ["anyOf", "oneOf"]) {
    const branches = schema[keyword];
    if (!Array.isArray(branches)) continue;
    const { anyOf, oneOf, ...rest } = schema;
    const problems = branches.map((branch, k) =>
      check(mergeSchemas(rest, effectiveSchema(branch, root)), `${path}.${keyword}[${k}]`, root, refs),
    );
    if (problems.every(Boolean))
      return at(keyword, `no branch can be satisfied (${problems[0]?.reason ?? "empty"})`);
    return undefined;
  }
  if (schema.const !== undefined && !typeAdmits(types, schema.const))
    return at("const", `${JSON.stringify(schema.const)} is not of type ${types.join("/")}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((value) => typeAdmits(types, value)))
    return at("enum", `no value of type ${types.join("/")}`);
  if (schema.const !== undefined || Array.isArray(schema.enum)) return undefined;
  const only = (kinds: string[]) => types.every((type) => kinds.includes(type));
  if (only(["integer", "number"]))
    return numeric(schema, types.includes("number") ? "number" : "integer", at);
  if (only(["string"])) {
    if (bound(schema.minLength, 0) > bound(schema.maxLength, Number.POSITIVE_INFINITY))
      return at("maxLength", `maxLength ${schema.maxLength} is below minLength ${schema.minLength}`);
    if (typeof schema.pattern === "string") {
      try {
        new RegExp(schema.pattern, "u");
      } catch {
        return at("pattern", `'${schema.pattern}' is not a regular expression`);
      }
    }
  }
  if (only(["array"])) return array(schema, path, root, refs, at);
  if (only(["object"])) return object(schema, path, root, refs, at);
  return undefined;
}

type At = (keyword: string, reason: string) => Unsatisfiable;

function bound(value: JsonValue | undefined, fallback: number): number {
  return typeof value === "number" ? value : fallback;
}

function numeric(schema: JsonObject, type: string, at: At): Unsatisfiable | undefined {
  const low = Math.max(bound(schema.minimum, -Infinity), bound(schema.exclusiveMinimum, -Infinity));
  const high = Math.min(bound(schema.maximum, Infinity), bound(schema.exclusiveMaximum, Infinity));
  const lowOpen = bound(schema.exclusiveMinimum, -Infinity) >= bound(schema.minimum, -Infinity);
  const highOpen = bound(schema.exclusiveMaximum, Infinity) <= bound(schema.maximum, Infinity);
  const keyword = highOpen && schema.exclusiveMaximum !== undefined ? "exclusiveMaximum" : "maximum";
  if (low > high || (low === high && (lowOpen || highOpen)))
    return at(keyword, `no number lies between ${low} and ${high}`);
  const step = typeof schema.multipleOf === "number" ? schema.multipleOf : type === "integer" ? 1 : undefined;
  if (step === undefined || !Number.isFinite(low) || !Number.isFinite(high)) return undefined;
  let first = Math.ceil(low / step);
  let last = Math.floor(high / step);
  if (lowOpen && first * step === low) first++;
  if (highOpen && last * step === high) last--;
  if (first > last) {
    return step === schema.multipleOf
      ? at("multipleOf", `no multiple of ${step} lies between ${low} and ${high}`)
      : at(keyword, `no integer lies between ${low} and ${high}`);
  }
  return undefined;
}

function array(schema: JsonObject, path: string, root: JsonObject, refs: Set<string>, at: At) {
  const min = bound(schema.minItems, 0);
  if (min > bound(schema.maxItems, Number.POSITIVE_INFINITY))
    return at("minItems", `minItems ${min} is above maxItems ${schema.maxItems}`);
  const prefix = Array.isArray(schema.prefixItems)
    ? schema.prefixItems
    : Array.isArray(schema.items)
      ? schema.items
      : [];
  const rest = Array.isArray(schema.items) ? schema.additionalItems : schema.items;
  if (rest === false && min > prefix.length)
    return at("minItems", `at least ${min} items, but only ${prefix.length} are allowed`);
  for (const [k, item] of prefix.slice(0, min).entries()) {
    const problem = check(item, `${path}.prefixItems[${k}]`, root, refs);
    if (problem) return problem;
  }
  if (min > prefix.length && rest !== undefined) {
    const problem = check(rest, `${path}.items`, root, refs);
    if (problem) return problem;
    const item = effectiveSchema(rest, root);
    const choices =
      item.const !== undefined
        ? 1
        : Array.isArray(item.enum)
          ? new Set(item.enum.map((value) => JSON.stringify(value))).size
          : item.type === "boolean"
            ? 2
            : item.type === "null"
              ? 1
              : Number.POSITIVE_INFINITY;
    if (schema.uniqueItems === true && min - prefix.length > choices)
      return at("uniqueItems", `${min} distinct items are required but the items allow ${choices} values`);
  }
  return undefined;
}

function object(schema: JsonObject, path: string, root: JsonObject, refs: Set<string>, at: At) {
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  const required = (Array.isArray(schema.required) ? schema.required : []).map(String);
  const closed = schema.additionalProperties === false && !isJsonObject(schema.patternProperties);
  const maxProperties = bound(schema.maxProperties, Number.POSITIVE_INFINITY);
  const minProperties = bound(schema.minProperties, 0);
  if (minProperties > maxProperties)
    return at("minProperties", `minProperties ${minProperties} is above maxProperties ${maxProperties}`);
  if (required.length > maxProperties)
    return at(
      "maxProperties",
      `${required.length} properties are required but at most ${maxProperties} allowed`,
    );
  if (closed && minProperties > Object.keys(properties).length)
    return at(
      "minProperties",
      `at least ${minProperties} properties, but only ${Object.keys(properties).length} exist`,
    );
  for (const key of required) {
    if (closed && !(key in properties))
      return at(
        "required",
        `'${key}' is required but additionalProperties is false and it is not in properties`,
      );
    if (NEVER(properties[key])) return at("required", `'${key}' is required but its schema admits nothing`);
  }
  for (const [key, property] of Object.entries(properties)) {
    if (NEVER(property)) continue;
    const problem = check(property, `${path ? `${path}.` : ""}properties.${key}`, root, refs);
    if (problem) return problem;
  }
  return undefined;
}
