import type { JsonObject, JsonValue } from "../../json/json-value.js";
import { SeededRandom } from "../../random/seeded-random.js";
import type { ToolDefinition, Toolset } from "../tool-definition.js";
import { PARAMETER_KINDS } from "./parameter-kinds.js";
import { ACTIONS, DOMAIN_PLACES, ENTITIES, type Entity, FORMULAS, VENDORS } from "./tool-catalog.js";

export interface SynthesizeToolsOptions {
  count: number;
  /** Default 1. The same seed and count give the same toolset. */
  seed?: number;
  /**
   * Names never to produce, also as the last dotted segment (`acme_travel.search_hotels` is out when
   * `search_hotels` is): a benchmark's functions, so that it stays held out.
   */
  exclude?: Iterable<string>;
}

/**
 * `count` realistic function definitions, offline and deterministic by seed: entities of many
 * domains crossed with actions (search, details, create, cancel, availability, reviews, ...) and
 * stand-alone formulas, with parameters of every kind (strings with formats, patterns and length
 * bounds, numbers with units and bounds, enums, booleans, nullable text, nested objects, arrays of
 * objects). The tools of one entity come out next to each other, so a window of the toolset holds
 * close distractors and search → details chains. When the combinations run out, providers' copies
 * follow (`acme_travel.search_hotels`), as in a catalogue that aggregates several APIs.
 */
export function synthesizeTools(options: SynthesizeToolsOptions): Toolset {
  const random = new SeededRandom(options.seed ?? 1);
  const tools: Toolset = [];
  const names = new Set<string>();
  const excluded = new Set(options.exclude ?? []);
  const add = (tool: ToolDefinition) => {
    const name = tool.function.name;
    if (tools.length >= options.count || names.has(name)) return;
    if (excluded.has(name) || excluded.has(name.split(".").pop()!)) return;
    names.add(tool.function.name);
    tools.push(tool);
  };
  for (let pass = 0; tools.length < options.count && pass < 40; pass++) {
    const vendor = pass === 0 ? undefined : VENDORS[(pass - 1) % VENDORS.length];
    // One naming style per group: an API names its operations one way.
    const groups: Array<() => void> = ENTITIES.map((entity) => () => {
      const style = random.next();
      const actions = random.shuffle(ACTIONS.slice(1)).slice(0, random.int(3, ACTIONS.length - 1));
      for (const action of [ACTIONS[0]!, ...actions])
        add(entityTool(entity, action, { vendor, style }, random));
    });
    for (const formula of FORMULAS)
      groups.push(() => add(formulaTool(formula, { vendor, style: random.next() })));
    for (const group of random.shuffle(groups)) group();
  }
  return tools;
}

function entityTool(
  entity: Entity,
  action: (typeof ACTIONS)[number],
  naming: Naming,
  random: SeededRandom,
): ToolDefinition {
  const words = (text: string) => text.replace(/_/g, " ");
  const fill = (template: string) =>
    template
      .replace("{s}", entity.singular)
      .replace("{p}", entity.plural)
      .replace("{c}", entity.create)
      .replace("{S}", words(entity.singular))
      .replace("{P}", words(entity.plural))
      .replace("{C}", capitalise(words(entity.create)))
      .replace("{where}", DOMAIN_PLACES[entity.domain] ?? "");
  const codes = action.params.flatMap((code) =>
    code === "filters" ? entity.filters : code === "fields" ? entity.fields : [code],
  );
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const code of codes) {
    const optional = code.endsWith("?");
    const bare = code.replace(/\?$/, "");
    // Optional parameters are kept or dropped per tool, so that tools of one kind differ.
    if (optional && !random.chance(0.7)) continue;
    const [name, schema] = parameter(bare, entity);
    if (name in properties) continue;
    properties[name] = schema;
    if (!optional) required.push(name);
  }
  const by =
    required
      .map(words)
      .join(", ")
      .replace(/, ([^,]*)$/, " and $1") || "any criteria";
  let description = fill(action.does).replace("{by}", by);
  if (action.name === "search_{p}")
    description += ` Returns matches with their ${words(entity.singular)}_id.`;
  return tool(styledName(entity.domain, fill(action.name), naming), description, properties, required);
}

function parameter(code: string, entity: Entity): [string, JsonObject] {
  const noun = entity.singular.replace(/_/g, " ");
  if (code === "id") {
    return [
      `${entity.singular}_id`,
      {
        type: "string",
        pattern: "^[A-Z]{2}-[0-9]{4}$",
        description: `Id of the ${noun}, as returned by search_${entity.plural}.`,
      },
    ];
  }
  if (code === "ids") {
    return [
      `${entity.singular}_ids`,
      {
        type: "array",
        items: { type: "string", pattern: "^[A-Z]{2}-[0-9]{4}$" },
        minItems: 2,
        maxItems: 4,
        uniqueItems: true,
        description: `Ids of the ${entity.plural.replace(/_/g, " ")} to compare.`,
      },
    ];
  }
  const kind = PARAMETER_KINDS[code];
  if (!kind) throw new Error(`unknown parameter kind '${code}'`);
  return [kind.name, structuredClone(kind.schema)];
}

function formulaTool(formula: (typeof FORMULAS)[number], naming: Naming) {
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const spec of formula.params) {
    const [rawName = "", type = "", unit = "-", description = ""] = spec.split(":");
    const optional = rawName.endsWith("?");
    const bare = rawName.replace(/\?$/, "");
    if (type === "") {
      const kind = PARAMETER_KINDS[bare]!;
      properties[kind.name] = structuredClone(kind.schema);
      if (!optional) required.push(kind.name);
      continue;
    }
    properties[bare] = formulaSchema(type, unit, description);
    if (!optional) required.push(bare);
  }
  return tool(styledName("math", formula.name, naming), formula.does, properties, required);
}

function formulaSchema(type: string, unit: string, description: string): JsonObject {
  const enumMatch = /^enum\((.*)\)$/.exec(type);
  if (enumMatch) {
    const values: JsonValue[] = enumMatch[1]!
      .split(",")
      .map((value) => (/^\d+$/.test(value) ? Number(value) : value));
    return {
      type: values.every((value) => typeof value === "number") ? "integer" : "string",
      enum: values,
      description,
    };
  }
  if (type === "code") return { type: "string", pattern: "^[A-Z]{3}$", description };
  if (type === "numbers")
    return { type: "array", items: { type: "number" }, minItems: 2, maxItems: 6, description };
  const schema: JsonObject = {
    type,
    description: unit === "-" ? description : `${description} Unit: ${unit}.`,
  };
  if (type === "integer") schema.minimum = 1;
  else schema.exclusiveMinimum = 0;
  if (unit === "percent") schema.maximum = 100;
  return schema;
}

function tool(name: string, description: string, properties: JsonObject, required: string[]): ToolDefinition {
  return {
    type: "function",
    function: {
      name,
      description,
      parameters: { type: "object", properties, required, additionalProperties: false },
    },
  };
}

/** Mostly snake_case; some dotted (`travel.search_hotels`), camelCase or dashed, as real APIs name them. */
interface Naming {
  vendor: string | undefined;
  /** Uniform in [0, 1): picks the style. */
  style: number;
}

function styledName(domain: string, name: string, { vendor, style: roll }: Naming): string {
  if (vendor) return `${vendor}_${domain}.${name}`;
  if (roll < 0.1) return `${domain}.${name}`;
  if (roll < 0.18) return name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  if (roll < 0.22) return name.replace(/_/g, "-");
  return name;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
