import { InputError } from "../errors/input-error.js";
import { isJsonObject, type JsonValue } from "../json/json-value.js";
import type { JsonSchema, ToolDefinition } from "../tools/tool-definition.js";
import { BFCL_TYPE_KEYWORD } from "./bfcl-type.js";

/** Where a function doc came from, for error messages. */
export interface BfclSource {
  file?: string;
  line?: number;
}

/** BFCL type name → JSON Schema type (undefined: no `type` keyword) and the extension to record. */
const TYPE_MAP: Record<string, { type: string | undefined; extension?: string }> = {
  dict: { type: "object", extension: "dict" },
  float: { type: "number", extension: "float" },
  tuple: { type: "array", extension: "tuple" },
  any: { type: undefined, extension: "any" },
  integer: { type: "integer" },
  string: { type: "string" },
  boolean: { type: "boolean" },
  array: { type: "array" },
  object: { type: "object" },
  number: { type: "number" },
  null: { type: "null" },
};

/**
 * JSON Schema keywords copied as they are. BFCL's own extras (`optional: true` on a property,
 * `optional: [...]` beside `required`) are dropped: they are not JSON Schema and `required` says it.
 */
const KEPT_KEYWORDS = [
  "title",
  "description",
  "default",
  "enum",
  "const",
  "examples",
  "format",
  "pattern",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
];

/**
 * One BFCL function doc (`{name, description, parameters}` with BFCL type names) as an OpenAI tool.
 * Types are mapped to JSON Schema recursively; where the mapping loses information the BFCL type
 * stays on the node as `x-bfcl-type`, so the BFCL checker can apply BFCL's exact type rules.
 * `index` is the function's position in its entry, used to name it when it has no name.
 */
export function bfclFunctionToTool(doc: unknown, index = 0, source: BfclSource = {}): ToolDefinition {
  const field = `function[${index}]`;
  if (!isJsonObject(doc)) {
    throw new InputError(`${field} is not an object`, { ...source, field });
  }
  const name = doc.name;
  if (typeof name !== "string" || name.trim() === "") {
    throw new InputError(`${field} has no "name"`, { ...source, field: `${field}.name` });
  }
  const where = { ...source, functionName: name };
  if (!isJsonObject(doc.parameters)) {
    throw new InputError(`function "${name}" has no "parameters" object`, {
      ...source,
      field: `${field}.parameters`,
    });
  }
  const parameters = convertSchema(doc.parameters, "parameters", where);
  // The arguments of a call are always an object, whatever BFCL wrote at the top (it writes "dict").
  parameters.type = "object";
  if (!isJsonObject(parameters.properties)) parameters.properties = {};
  if (!Array.isArray(parameters.required)) parameters.required = [];
  const description = typeof doc.description === "string" ? { description: doc.description } : {};
  return { type: "function", function: { name, ...description, parameters } };
}

/** Every function doc of a BFCL entry (a list, or a single doc as some entries have it). */
export function bfclFunctionsToToolset(docs: unknown, source: BfclSource = {}): ToolDefinition[] {
  const list = Array.isArray(docs) ? docs : isJsonObject(docs) ? [docs] : undefined;
  if (!list)
    throw new InputError(`"function" must be a list of function docs`, { ...source, field: "function" });
  return list.map((doc, index) => bfclFunctionToTool(doc, index, source));
}

type Where = BfclSource & { functionName: string };

function convertSchema(node: unknown, path: string, where: Where): JsonSchema {
  if (!isJsonObject(node)) {
    fail(where, path, "is not a schema object");
  }
  const out: JsonSchema = {};
  if (node.type !== undefined) {
    const mapped = mapType(node.type, path, where);
    if (mapped.type !== undefined) out.type = mapped.type;
    if (mapped.extension !== undefined) out[BFCL_TYPE_KEYWORD] = mapped.extension;
  }
  for (const keyword of KEPT_KEYWORDS) {
    if (node[keyword] !== undefined) out[keyword] = node[keyword];
  }
  if (Array.isArray(node.required) && node.required.every((key) => typeof key === "string")) {
    out.required = [...node.required];
  }
  if (node.properties !== undefined) {
    if (!isJsonObject(node.properties)) fail(where, `${path}.properties`, "is not an object");
    const properties: Record<string, JsonSchema> = {};
    for (const [key, child] of Object.entries(node.properties)) {
      properties[key] = convertSchema(child, `${path}.properties.${key}`, where);
    }
    out.properties = properties;
  }
  if (Array.isArray(node.items)) {
    out.items = node.items.map((child, i) => convertSchema(child, `${path}.items[${i}]`, where));
  } else if (node.items !== undefined) {
    out.items = convertSchema(node.items, `${path}.items`, where);
  }
  const additional = node.additionalProperties;
  if (typeof additional === "boolean") out.additionalProperties = additional;
  else if (additional !== undefined) {
    out.additionalProperties = convertSchema(additional, `${path}.additionalProperties`, where);
  }
  return out;
}

function mapType(
  type: JsonValue,
  path: string,
  where: Where,
): { type: string | string[] | undefined; extension?: string } {
  if (typeof type === "string") {
    const mapped = TYPE_MAP[type];
    if (mapped) return mapped;
    return fail(where, `${path}.type`, `has unknown BFCL type ${JSON.stringify(type)}`);
  }
  // A list of JSON Schema type names is already JSON Schema; BFCL names inside it have no mapping.
  if (Array.isArray(type) && type.every((t): t is string => typeof t === "string" && isPlainJsonType(t))) {
    return { type: [...type] };
  }
  return fail(where, `${path}.type`, `must be a type name, got ${JSON.stringify(type)}`);
}

function isPlainJsonType(name: string): boolean {
  return ["string", "integer", "number", "boolean", "array", "object", "null"].includes(name);
}

function fail(where: Where, path: string, problem: string): never {
  const { functionName, ...source } = where;
  throw new InputError(`function "${functionName}": ${path} ${problem}`, { ...source, field: path });
}
