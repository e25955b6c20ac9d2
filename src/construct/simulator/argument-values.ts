import { isJsonObject, type JsonObject, type JsonValue } from "../../json/json-value.js";
import type { SeededRandom } from "../../random/seeded-random.js";
import { effectiveSchema, mergeSchemas, schemaTypes, typeAdmits } from "../../tools/effective-schema.js";
import { schemaValidator } from "../../tools/schema-validator.js";
import type { CallMemory } from "../conversation-generator.js";
import { numberInRange, numericRange } from "./number-values.js";
import { stringFor } from "./string-values.js";

export interface ValueContext {
  random: SeededRandom;
  /** Calls and results so far: an `*_id` argument takes an id an earlier result returned. */
  memory: readonly CallMemory[];
  /** Scenario facts by parameter name: a parameter of that name reuses the fact. */
  facts: Record<string, JsonValue>;
  /** Probability of filling an optional parameter (halved at each level of nesting). */
  optionalRate: number;
}

interface Walk extends ValueContext {
  /** The parameters schema: what `$ref`s point into. */
  root: JsonObject;
}

/** Nesting below which optional parts are left out, so that recursive `$ref`s end. */
const DEEP = 5;

/**
 * Arguments for a function from its parameters schema (any JSON Schema: `$ref`/`$defs`, `allOf`,
 * `anyOf`/`oneOf` with `null` branches, enums and consts anywhere, formats, patterns, length,
 * numeric and item bounds, `multipleOf`, `uniqueItems`, nested objects and maps): required
 * properties always, optional ones sometimes. Best effort: the caller validates and draws again.
 */
export function argumentsForSchema(schema: JsonObject, context: ValueContext): JsonObject {
  const value = valueForSchema("", schema, { ...context, root: schema }, 0);
  return isJsonObject(value) ? value : {};
}

function valueForSchema(name: string, raw: JsonValue, walk: Walk, depth: number): JsonValue | undefined {
  const schema = effectiveSchema(raw, walk.root);
  const branches = Array.isArray(schema.oneOf)
    ? schema.oneOf
    : Array.isArray(schema.anyOf)
      ? schema.anyOf
      : [];
  if (branches.length > 0) return fromBranches(name, schema, branches, walk, depth);
  if (isJsonObject(schema.not)) {
    const { not, ...rest } = schema;
    for (let attempt = 0; attempt < 4; attempt++) {
      const value = valueForSchema(name, rest, walk, depth);
      if (value !== undefined && !matches(not, walk.root, value)) return value;
    }
    return undefined;
  }
  return plainValue(name, schema, walk, depth);
}

/** A value of one branch; under `oneOf`, one that no other branch also accepts. `null` branches are rare picks. */
function fromBranches(
  name: string,
  schema: JsonObject,
  branches: JsonValue[],
  walk: Walk,
  depth: number,
): JsonValue | undefined {
  const { anyOf, oneOf, ...rest } = schema;
  const exclusive = Array.isArray(oneOf);
  const isNull = (branch: JsonValue) => isJsonObject(branch) && branch.type === "null";
  const order = walk.random.shuffle(branches.map((_, index) => index));
  const nonNull = order.filter((index) => !isNull(branches[index]!));
  const ranked = walk.random.chance(0.1) || nonNull.length === 0 ? order : [...nonNull, ...order];
  for (const index of ranked.slice(0, 6)) {
    const branch = effectiveSchema(branches[index], walk.root);
    const value = valueForSchema(name, mergeSchemas(rest, branch), walk, depth);
    if (value === undefined) continue;
    if (!exclusive || branches.every((other, k) => k === index || !matches(other, walk.root, value)))
      return value;
  }
  return undefined;
}

function plainValue(name: string, schema: JsonObject, walk: Walk, depth: number): JsonValue | undefined {
  const { random } = walk;
  if (schema.const !== undefined) return schema.const;
  const types = schemaTypes(schema);
  if (Array.isArray(schema.enum)) {
    const allowed = schema.enum.filter((value) => typeAdmits(types, value));
    return allowed.length === 0 ? undefined : random.pick(allowed);
  }
  const earlier = name.endsWith("_id") ? idFromMemory(name, walk.memory) : undefined;
  if (earlier !== undefined && typeAdmits(types, earlier) && fitsPattern(schema, earlier)) return earlier;
  const fact = walk.facts[name];
  if (typeof fact === "string" && types.includes("string") && plainString(schema, fact)) return fact;
  const concrete = types.filter((type) => type !== "null");
  const type = concrete.length === 0 ? "null" : random.pick(concrete);
  switch (type) {
    case "null":
      return null;
    case "boolean":
      return random.chance(0.5);
    case "integer":
    case "number":
      return numberInRange(numericRange(schema, defaultRange(name, type)), {
        integer: type === "integer",
        ...(typeof schema.multipleOf === "number" ? { multipleOf: schema.multipleOf } : {}),
        random,
      });
    case "array":
      return arrayFor(name, schema, walk, depth);
    case "object":
      return objectFor(name, schema, walk, depth);
    default:
      return stringFor(name, schema, random);
  }
}

function fitsPattern(schema: JsonObject, value: JsonValue): boolean {
  if (typeof schema.pattern !== "string") return true;
  try {
    return new RegExp(schema.pattern, "u").test(String(value));
  } catch {
    return false;
  }
}

function plainString(schema: JsonObject, text: string): boolean {
  const length = [...text].length;
  return (
    schema.pattern === undefined &&
    schema.format === undefined &&
    length >= (typeof schema.minLength === "number" ? schema.minLength : 0) &&
    length <= (typeof schema.maxLength === "number" ? schema.maxLength : Number.POSITIVE_INFINITY)
  );
}

function defaultRange(name: string, type: string): [number, number] {
  if (/year/.test(name)) return [2020, 2027];
  if (/(guest|people|person|passenger|adult|child|seat|room|night)s?/.test(name)) return [1, 8];
  return type === "integer" ? [1, 30] : [1, 500];
}

function arrayFor(name: string, schema: JsonObject, walk: Walk, depth: number): JsonValue[] | undefined {
  const { random } = walk;
  const prefix = Array.isArray(schema.prefixItems)
    ? schema.prefixItems
    : Array.isArray(schema.items)
      ? schema.items
      : [];
  const rest = Array.isArray(schema.items) ? schema.additionalItems : schema.items;
  const min = typeof schema.minItems === "number" ? schema.minItems : depth >= DEEP ? 0 : 1;
  let max = typeof schema.maxItems === "number" ? schema.maxItems : Math.max(min, 3);
  if (rest === false) max = Math.min(max, prefix.length);
  if (min > max) return undefined;
  const count = random.int(min, Math.min(max, min + (depth >= DEEP ? 0 : 3)));
  const item = singular(name);
  const unique = schema.uniqueItems === true;
  const values: JsonValue[] = [];
  const seen = new Set<string>();
  const containsAt = isJsonObject(schema.contains) && count > 0 ? random.int(0, count - 1) : -1;
  for (let attempt = 0; values.length < count && attempt < count * 6 + 6; attempt++) {
    const position = values.length;
    let itemSchema: JsonValue = position < prefix.length ? prefix[position]! : (rest ?? {});
    if (position === containsAt)
      itemSchema = mergeSchemas(
        effectiveSchema(itemSchema, walk.root),
        effectiveSchema(schema.contains, walk.root),
      );
    // An earlier result's id fills the first item only: it is the one the query points to.
    const value = valueForSchema(
      item,
      itemSchema,
      position === 0 ? walk : { ...walk, memory: [] },
      depth + 1,
    );
    if (value === undefined) continue;
    const key = JSON.stringify(value);
    // Distinct items read better; they are required only under `uniqueItems`.
    if (seen.has(key) && (unique || attempt < count * 3)) continue;
    seen.add(key);
    values.push(value);
  }
  return values.length >= min ? values : undefined;
}

function objectFor(name: string, schema: JsonObject, walk: Walk, depth: number): JsonObject | undefined {
  const { random } = walk;
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  const required = new Set((Array.isArray(schema.required) ? schema.required : []).map(String));
  const minProperties = typeof schema.minProperties === "number" ? schema.minProperties : 0;
  const maxProperties =
    typeof schema.maxProperties === "number" ? schema.maxProperties : Number.POSITIVE_INFINITY;
  const rate = depth === 0 ? walk.optionalRate : depth >= DEEP ? 0 : walk.optionalRate / 2;
  const chosen = new Set<string>(required);
  for (const key of Object.keys(properties)) if (random.chance(rate)) chosen.add(key);
  const dependent = isJsonObject(schema.dependentRequired) ? schema.dependentRequired : {};
  for (const key of [...chosen]) {
    const needs = dependent[key];
    if (Array.isArray(needs)) for (const other of needs) chosen.add(String(other));
  }
  const optional = random.shuffle(Object.keys(properties).filter((key) => !chosen.has(key)));
  while (chosen.size < minProperties && optional.length > 0) chosen.add(optional.pop()!);
  const extra = additionalSchema(schema);
  // A map (no named properties, values of one schema) gets a few entries even when none are required.
  const mapEntries =
    extra !== undefined && Object.keys(properties).length === 0 && depth < DEEP ? random.int(1, 3) : 0;
  for (let k = 0; extra !== undefined && (chosen.size < minProperties || k < mapEntries); k++) {
    chosen.add(extraKey(name, schema, k, random));
    if (k > minProperties + 8) break;
  }
  const result: JsonObject = {};
  for (const key of chosen) {
    if (Object.keys(result).length >= maxProperties && !required.has(key)) continue;
    const propertySchema = key in properties ? properties[key]! : (extra ?? {});
    const value = valueForSchema(key, propertySchema, walk, depth + 1);
    if (value === undefined) {
      if (required.has(key)) return undefined;
      continue;
    }
    result[key] = value;
  }
  orderDates(result);
  return result;
}

/** Pairs of dates that name a start and an end (`check_in`/`check_out`, `start_date`/`end_date`). */
const DATE_PAIRS: Array<[RegExp, RegExp]> = [
  [/check_?in/i, /check_?out/i],
  [/start/i, /end/i],
  [/depart/i, /return/i],
  [/^from|_from$/i, /^to$|^to_|_to$/i],
];

/** An end drawn before its start would make a query no one asks: swap them. Same-format strings only, so validity holds. */
function orderDates(result: JsonObject): void {
  const keys = Object.keys(result);
  for (const [startPattern, endPattern] of DATE_PAIRS) {
    const start = keys.find((key) => startPattern.test(key));
    const end = keys.find((key) => endPattern.test(key) && key !== start);
    if (!start || !end) continue;
    const [a, b] = [result[start], result[end]];
    if (
      typeof a === "string" &&
      typeof b === "string" &&
      /^\d{4}-\d{2}-\d{2}/.test(a) &&
      /^\d{4}-\d{2}-\d{2}/.test(b) &&
      a.length === b.length &&
      a > b
    ) {
      result[start] = b;
      result[end] = a;
    }
  }
}

/** The schema of properties beyond `properties`; undefined when none may be added. */
function additionalSchema(schema: JsonObject): JsonValue | undefined {
  const patterns = isJsonObject(schema.patternProperties) ? Object.values(schema.patternProperties) : [];
  if (patterns.length > 0) return patterns[0];
  if (schema.additionalProperties === false) return undefined;
  if (isJsonObject(schema.additionalProperties)) return schema.additionalProperties;
  return schema.additionalProperties === true ? {} : undefined;
}

/** A key for an added property: one the first `patternProperties` pattern or `propertyNames` allows. */
function extraKey(name: string, schema: JsonObject, k: number, random: SeededRandom): string {
  const patterns = isJsonObject(schema.patternProperties) ? Object.keys(schema.patternProperties) : [];
  const names = isJsonObject(schema.propertyNames) ? schema.propertyNames : undefined;
  const keySchema = patterns.length > 0 ? { pattern: patterns[0]! } : (names ?? {});
  if (Array.isArray(keySchema.enum)) return String(keySchema.enum[k % keySchema.enum.length]);
  const drawn = stringFor(singular(name) || "key", keySchema, random);
  return drawn === undefined || drawn === "" ? `${singular(name) || "key"}_${k + 1}` : drawn;
}

const compiled = new WeakMap<object, WeakMap<object, (value: unknown) => boolean>>();

/** Whether a value satisfies a sub-schema (with the root's definitions in reach of its `$ref`s). */
function matches(schema: JsonValue, root: JsonObject, value: JsonValue): boolean {
  if (schema === true) return true;
  if (!isJsonObject(schema)) return false;
  let byRoot = compiled.get(schema);
  if (!byRoot) {
    byRoot = new WeakMap();
    compiled.set(schema, byRoot);
  }
  let validate = byRoot.get(root);
  if (!validate) {
    const { $id, $schema, ...bare } = schema;
    const withDefinitions = { ...bare, $defs: root.$defs ?? {}, definitions: root.definitions ?? {} };
    try {
      validate = schemaValidator().compile(withDefinitions) as (value: unknown) => boolean;
    } catch {
      validate = () => false;
    }
    byRoot.set(root, validate);
  }
  return validate(value);
}

/**
 * The first id an earlier result returned under the same key (e.g. `flight_id` from search_flights'
 * results). Always the first, so that the query can say which one ("the first result").
 */
export function idFromMemory(name: string, memory: readonly CallMemory[]): JsonValue | undefined {
  const found: JsonValue[] = [];
  const visit = (value: JsonValue) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isJsonObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (key === name && (typeof item === "string" || typeof item === "number")) found.push(item);
        else visit(item);
      }
    }
  };
  // The most recent result that has the id wins: "the first result" means the latest search's.
  for (let i = memory.length - 1; i >= 0 && found.length === 0; i--) visit(memory[i]!.result);
  return found[0];
}

/** `flights` → `flight`, `categories` → `category`: the noun of one item. */
export function singular(word: string): string {
  if (word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.endsWith("ses") || word.endsWith("xes")) return word.slice(0, -2);
  if (word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}
