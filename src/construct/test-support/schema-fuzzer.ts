import type { JsonObject, JsonValue } from "../../json/json-value.js";
import type { SeededRandom } from "../../random/seeded-random.js";

const PATTERNS = [
  "^[A-Z]{3}$",
  "^[A-Z]{2}-\\d{3,5}$",
  "^\\d{5}(-\\d{4})?$",
  "^[a-z][a-z0-9_]{2,11}$",
  "^#[0-9a-fA-F]{6}$",
  "^\\+?[0-9]{7,12}$",
  "^(low|mid|high)-[0-9]$",
  "[aeiou]{2}",
  "^v\\d+\\.\\d+\\.\\d+$",
];
const FORMATS = ["date", "date-time", "time", "email", "uri", "uuid", "ipv4", "ipv6", "hostname", "duration"];
const WORDS = ["città", "東京", "São Paulo", "naïve", "alpha", "beta", "Zürich", "ok"];

/**
 * A random but satisfiable parameters schema built from the keywords a user's tools may use:
 * strings with length bounds, patterns and formats; numbers with (exclusive) bounds and
 * `multipleOf`; enums and consts of any type, also inside `anyOf`/`oneOf`/`allOf`; `null`
 * branches and type lists; arrays with item bounds, `uniqueItems`, tuples; nested objects, maps,
 * `additionalProperties`; `$ref` into `$defs`. Seeded, so a failure can be replayed.
 */
export function fuzzSchema(random: SeededRandom): JsonObject {
  const defs: JsonObject = {};
  const kindAt = (depth: number) => random.pick(depth >= 3 ? LEAVES : [...LEAVES, ...BRANCHES]);
  const node = (depth: number): JsonObject => build(kindAt(depth), depth);
  const build = (kind: string, depth: number): JsonObject => {
    const describe = (schema: JsonObject) =>
      random.chance(0.5) ? { ...schema, description: `The ${random.pick(WORDS)} value.` } : schema;
    switch (kind) {
      case "string": {
        const min = random.int(0, 6);
        const schema: JsonObject = { type: "string", minLength: min };
        if (random.chance(0.7)) schema.maxLength = min + random.int(1, 12);
        return describe(schema);
      }
      case "pattern":
        return { type: "string", pattern: random.pick(PATTERNS) };
      case "format":
        return { type: "string", format: random.pick(FORMATS) };
      case "integer": {
        const low = random.int(-50, 50);
        const schema: JsonObject = { type: "integer" };
        if (random.chance(0.5)) schema.exclusiveMinimum = low;
        else schema.minimum = low;
        if (random.chance(0.7)) {
          const high = low + random.int(5, 100);
          if (random.chance(0.5)) schema.exclusiveMaximum = high;
          else schema.maximum = high;
        }
        if (random.chance(0.4)) {
          schema.multipleOf = random.pick([2, 3, 5, 10]);
          schema.maximum = low + 60;
          delete schema.exclusiveMaximum;
        }
        return schema;
      }
      case "number": {
        const low = random.int(-1000, 1000) / 10;
        const schema: JsonObject = {
          type: "number",
          exclusiveMinimum: low,
          maximum: low + random.int(1, 500),
        };
        if (random.chance(0.4)) schema.multipleOf = random.pick([0.5, 0.25, 0.1, 0.01, 2.5]);
        if (schema.multipleOf !== undefined) schema.maximum = low + 50;
        return schema;
      }
      case "boolean":
        return { type: "boolean" };
      case "null":
        return { type: "null" };
      case "enum": {
        const pool: JsonValue[] = random.pick([
          ["metric", "imperial"],
          [1, 2, 3, 5, 8],
          [0.5, 1.5, 2.5],
          ["a", 1, null, true],
          ["Ünïcode", "東京", "São Paulo"],
        ]);
        return { enum: random.sample(pool, random.int(1, pool.length)) };
      }
      case "const":
        return { const: random.pick<JsonValue>(["fixed", 42, true, null, { nested: [1, "x"] }]) };
      case "nullable":
        return { anyOf: [node(depth + 1), { type: "null" }] };
      case "type-list":
        return {
          type: random.pick([
            ["string", "null"],
            ["integer", "string"],
            ["number", "boolean"],
          ]),
        };
      case "anyOf":
        return { anyOf: [node(depth + 1), node(depth + 1), { enum: ["x", "y"] }] };
      case "oneOf":
        return random.chance(0.5)
          ? { oneOf: [{ type: "string", maxLength: 8 }, { type: "integer" }, { type: "null" }] }
          : {
              oneOf: [
                { type: "object", properties: { kind: { const: "a" } }, required: ["kind"] },
                { type: "array", items: { type: "integer" } },
              ],
            };
      case "allOf": {
        const low = random.int(0, 40);
        return {
          allOf: [{ type: "integer", minimum: low }, { maximum: low + random.int(0, 30) }, { multipleOf: 1 }],
        };
      }
      case "array": {
        const kind = kindAt(depth + 1);
        const items = build(kind, depth + 1);
        const unique = random.chance(0.5);
        const min = random.int(0, 3);
        // Items with few possible values cannot fill many distinct slots.
        const many = ["string", "pattern", "format", "integer", "number", "object", "map", "tuple"].includes(
          kind,
        );
        const schema: JsonObject = {
          type: "array",
          items,
          minItems: unique && !many ? Math.min(min, 1) : min,
        };
        if (random.chance(0.6)) schema.maxItems = (schema.minItems as number) + random.int(0, 4);
        if (unique) schema.uniqueItems = true;
        return schema;
      }
      case "tuple":
        return {
          type: "array",
          prefixItems: [build("string", depth + 1), build("integer", depth + 1)],
          minItems: 2,
        };
      case "object":
        return objectNode(depth);
      case "map":
        return { type: "object", additionalProperties: node(depth + 1), maxProperties: 4 };
      case "ref": {
        const name = `def${Object.keys(defs).length}`;
        defs[name] = {};
        defs[name] = node(depth + 1);
        return { $ref: `#/$defs/${name}` };
      }
      default:
        throw new Error(`unknown kind ${kind}`);
    }
  };
  const objectNode = (depth: number): JsonObject => {
    const properties: JsonObject = {};
    const count = random.int(1, 5);
    for (let k = 0; k < count; k++)
      properties[random.pick(NAMES) + (k === 0 ? "" : `_${k}`)] = node(depth + 1);
    const keys = Object.keys(properties);
    const schema: JsonObject = {
      type: "object",
      properties,
      required: keys.filter(() => random.chance(0.6)),
    };
    if (random.chance(0.4)) schema.additionalProperties = false;
    else if (random.chance(0.3)) schema.additionalProperties = { type: "string", maxLength: 10 };
    return schema;
  };
  const root = objectNode(0);
  if (Object.keys(defs).length > 0) root.$defs = defs;
  return root;
}

const LEAVES = [
  "string",
  "pattern",
  "format",
  "integer",
  "number",
  "boolean",
  "null",
  "enum",
  "const",
  "type-list",
];
const BRANCHES = ["nullable", "anyOf", "oneOf", "allOf", "array", "tuple", "object", "map", "ref"];
const NAMES = [
  "city",
  "start_date",
  "amount",
  "tags",
  "origin.code",
  "max-results",
  "guest_name",
  "unit",
  "filters",
];
