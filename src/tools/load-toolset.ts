import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { bfclFunctionToTool } from "../bfcl/bfcl-function-to-tool.js";
import { InputError } from "../errors/input-error.js";
import { isJsonObject, type JsonObject } from "../json/json-value.js";
import { readJsonFile } from "../json/read-json-file.js";
import type { JsonSchema, ToolDefinition, Toolset } from "./tool-definition.js";
import { validateToolset } from "./validate-toolset.js";

/**
 * The shapes a toolset file may have:
 * - `openai`: the OpenAI tools array, `[{type: "function", function: {name, description, parameters}}]`
 *   (a single such object, or `{tools: [...]}`, is accepted too);
 * - `functions`: a bare function list, `[{name, description, parameters}]` (or one such object);
 * - `mcp`: an MCP `tools/list` result, `{tools: [{name, description, inputSchema}]}` (or the
 *   JSON-RPC response around it);
 * - `bfcl`: BFCL function docs, a function list whose schemas use `dict`/`float`/`tuple`/`any`.
 */
export type ToolsetFormat = "openai" | "functions" | "mcp" | "bfcl";

export interface ToolsetFromJsonOptions {
  /** Default `"auto"`: the format is recognised from the shape. */
  format?: ToolsetFormat | "auto";
  /** Named in error messages. */
  file?: string;
}

const BFCL_TYPES = new Set(["dict", "float", "tuple", "any"]);

/** Converts parsed JSON in any supported format to the canonical OpenAI tools array, validated. */
export function toolsetFromJson(json: unknown, options: ToolsetFromJsonOptions = {}): Toolset {
  const where = options.file === undefined ? {} : { file: options.file };
  const format = options.format && options.format !== "auto" ? options.format : detectFormat(json, where);
  const entries = entriesOf(json);
  const tools: Toolset = entries.map((entry, index) => toolFromEntry(entry, index, format, where));
  validateToolset(tools, where);
  return tools;
}

function toolFromEntry(
  entry: unknown,
  index: number,
  format: ToolsetFormat,
  where: { file?: string },
): ToolDefinition {
  if (!isJsonObject(entry)) throw new InputError(`tool #${index} is not an object`, where);
  switch (format) {
    case "openai": {
      const fn = isJsonObject(entry.function) ? entry.function : undefined;
      if (!fn) throw new InputError(`tool #${index}: field 'function' must be an object`, where);
      return { type: "function", function: functionOf(fn, fn.parameters) };
    }
    case "functions":
      return { type: "function", function: functionOf(entry, entry.parameters) };
    case "mcp":
      return { type: "function", function: functionOf(entry, entry.inputSchema) };
    case "bfcl":
      return bfclFunctionToTool(entry, index, where);
  }
}

/** Reads a toolset file, or every `*.json` file of a directory (in name order), as one toolset. */
export async function loadToolset(
  location: string,
  options: Omit<ToolsetFromJsonOptions, "file"> = {},
): Promise<Toolset> {
  const info = await stat(location).catch(() => {
    throw new InputError(`toolset not found: ${location}`);
  });
  const files = info.isDirectory()
    ? (await readdir(location))
        .filter((name) => name.endsWith(".json"))
        .sort()
        .map((name) => path.join(location, name))
    : [location];
  if (files.length === 0) throw new InputError(`no .json toolset files in directory ${location}`);
  const tools: Toolset = [];
  for (const file of files) {
    tools.push(...toolsetFromJson(await readJsonFile(file), { ...options, file }));
  }
  validateToolset(tools, { file: location });
  return tools;
}

function entriesOf(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (isJsonObject(json)) {
    const result = isJsonObject(json.result) ? json.result : json;
    if (Array.isArray(result.tools)) return result.tools;
    return [json];
  }
  return [];
}

function detectFormat(json: unknown, where: { file?: string }): ToolsetFormat {
  const entries = entriesOf(json);
  const first = entries[0];
  if (!isJsonObject(first)) {
    throw new InputError("not a toolset: expected an array of tools, a function, or {tools: [...]}", where);
  }
  if (first.type === "function" && isJsonObject(first.function)) return "openai";
  if ("inputSchema" in first) return "mcp";
  if ("name" in first) {
    return entries.some((entry) => isJsonObject(entry) && usesBfclTypes(entry.parameters))
      ? "bfcl"
      : "functions";
  }
  throw new InputError(
    "not a toolset: the first entry has neither 'function', 'inputSchema' nor 'name'",
    where,
  );
}

function usesBfclTypes(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.some(usesBfclTypes);
  if (!isJsonObject(schema)) return false;
  if (typeof schema.type === "string" && BFCL_TYPES.has(schema.type)) return true;
  return Object.values(schema).some(usesBfclTypes);
}

function functionOf(entry: JsonObject, parameters: unknown) {
  const name = typeof entry.name === "string" ? entry.name : "";
  return {
    name,
    ...(typeof entry.description === "string" ? { description: entry.description } : {}),
    // A tool without a schema takes no arguments; a schema that is not an object is left for validation to reject.
    parameters: (parameters === undefined ? { type: "object", properties: {} } : parameters) as JsonSchema,
  };
}
