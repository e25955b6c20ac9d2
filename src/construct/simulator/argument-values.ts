import RandExp from "randexp";
import { isJsonObject, type JsonObject, type JsonValue } from "../../json/json-value.js";
import type { SeededRandom } from "../../random/seeded-random.js";
import type { CallMemory } from "../conversation-generator.js";
import { pooledString } from "./value-pools.js";

export interface ValueContext {
  random: SeededRandom;
  /** Calls and results so far: an `*_id` argument takes an id an earlier result returned. */
  memory: readonly CallMemory[];
  /** Scenario facts by parameter name: a parameter of that name reuses the fact. */
  facts: Record<string, JsonValue>;
  /** Probability of filling an optional parameter. */
  optionalRate: number;
}

/** Arguments for a function, from its parameters schema: required ones always, optional ones sometimes. */
export function argumentsForSchema(schema: JsonObject, context: ValueContext): JsonObject {
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const args: JsonObject = {};
  for (const [name, property] of Object.entries(properties)) {
    if (!required.has(name) && !context.random.chance(context.optionalRate)) continue;
    args[name] = valueForSchema(name, isJsonObject(property) ? property : {}, context);
  }
  return args;
}

export function valueForSchema(name: string, schema: JsonObject, context: ValueContext): JsonValue {
  const { random } = context;
  const earlierId = name.endsWith("_id") ? idFromMemory(name, context.memory) : undefined;
  if (earlierId !== undefined) return earlierId;
  if (name in context.facts && schema.enum === undefined) return context.facts[name]!;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return random.pick(schema.enum as JsonValue[]);
  if (schema.const !== undefined) return schema.const as JsonValue;
  const description = typeof schema.description === "string" ? schema.description : "";
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "integer":
      return integerFor(name, schema, random);
    case "number":
      return numberFor(schema, random);
    case "boolean":
      return random.chance(0.5);
    case "array": {
      const items = isJsonObject(schema.items) ? schema.items : { type: "string" };
      const min = typeof schema.minItems === "number" ? schema.minItems : 1;
      const max = typeof schema.maxItems === "number" ? schema.maxItems : Math.max(min, 3);
      const count = random.int(min, Math.min(max, min + 3));
      const values: JsonValue[] = [];
      for (let attempt = 0; values.length < count && attempt < count * 5; attempt++) {
        const value = valueForSchema(singular(name), items, context);
        if (!values.some((existing) => JSON.stringify(existing) === JSON.stringify(value)))
          values.push(value);
      }
      return values;
    }
    case "object":
      return argumentsForSchema(schema, { ...context, optionalRate: context.optionalRate / 2 });
    default:
      return stringFor(name, description, schema, random);
  }
}

function stringFor(name: string, description: string, schema: JsonObject, random: SeededRandom): string {
  switch (schema.format) {
    case "date":
      return isoDate(random);
    case "date-time":
      return `${isoDate(random)}T${clock(random)}:00Z`;
    case "time":
      // JSON Schema's `time` is RFC 3339 full-time: seconds and a zone are part of it.
      return `${clock(random)}:00Z`;
    case "email":
      return pooledString("email", "", random);
    case "uri":
    case "url":
      return `https://example.com/${pooledString(name, description, random)
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")}`;
  }
  if (typeof schema.pattern === "string") return matchingString(schema.pattern, random);
  if (/(^|_)date$|date of/.test(name)) return isoDate(random);
  if (/(^|_)time$/.test(name)) return clock(random);
  if (name.endsWith("_id")) return `${name.slice(0, 2).toUpperCase()}-${random.int(1000, 9999)}`;
  return pooledString(name, description, random);
}

/** A string matching the pattern, drawn with the conversation's own random source so it repeats. */
function matchingString(pattern: string, random: SeededRandom): string {
  const generator = new RandExp(pattern);
  generator.max = 4;
  generator.randInt = (low: number, high: number) => random.int(low, high);
  return generator.gen();
}

function integerFor(name: string, schema: JsonObject, random: SeededRandom): number {
  const [low, high] = /year/.test(name)
    ? [2020, 2027]
    : /(guest|people|person|passenger|adult|seat)s?/.test(name)
      ? [1, 8]
      : [1, 30];
  const min = typeof schema.minimum === "number" ? Math.ceil(schema.minimum) : low;
  const max = typeof schema.maximum === "number" ? Math.floor(schema.maximum) : Math.max(min, high);
  return random.int(min, Math.max(min, Math.min(max, min + 200)));
}

function numberFor(schema: JsonObject, random: SeededRandom): number {
  const min = typeof schema.minimum === "number" ? schema.minimum : 1;
  const max = typeof schema.maximum === "number" ? schema.maximum : Math.max(min, 500);
  const value = min + random.next() * (max - min);
  return Math.min(max, Math.max(min, Math.round(value * 100) / 100));
}

function isoDate(random: SeededRandom): string {
  const month = random.int(1, 12);
  const day = random.int(1, 28);
  return `2026-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function clock(random: SeededRandom): string {
  return `${String(random.int(7, 21)).padStart(2, "0")}:${random.pick(["00", "15", "30", "45"])}`;
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
