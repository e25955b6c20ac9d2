import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DatasetRecord } from "../../dataset/dataset-record.js";
import { evalTargets } from "../../dataset/eval-targets.js";
import { isJsonObject, type JsonValue } from "../../json/json-value.js";
import type { ReferenceCall } from "../../reference/index.js";
import { childPath, type PythonOnlyType, type ToolCall } from "../../tool-calls/index.js";
import type { ParseResult } from "../../tool-calls/parse-result.js";
import { bfclTypeOf } from "../bfcl-type.js";
import { type BfclImport, importBfcl } from "../import-bfcl.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The BFCL sample shipped beside the repository (CI clones `shared/` next to it). */
export const SAMPLE_DIR = path.resolve(repoRoot, "../shared/data/bfcl-sample");

let sample: Promise<BfclImport> | undefined;

export function loadSample(): Promise<BfclImport> {
  sample ??= importBfcl({ dir: SAMPLE_DIR });
  return sample;
}

export async function sampleRecord(id: string): Promise<DatasetRecord> {
  const found = (await loadSample()).records.find((record) => record.id === id);
  if (!found) throw new Error(`no sample record ${id}`);
  return found;
}

export function referenceOf(record: DatasetRecord): ReferenceCall[] {
  return evalTargets(record)[0]?.reference ?? [];
}

/**
 * The record's reference calls as a model would have written them in Python: JSON dropped the
 * `.0` of integral floats, so numbers where the schema says float are marked as floats again.
 */
export function groundTruthCalls(record: DatasetRecord): ToolCall[] {
  const last = record.messages.at(-1);
  if (last?.role !== "assistant") return [];
  return (last.tool_calls ?? []).map((toolCall) => {
    const args = JSON.parse(toolCall.function.arguments) as Record<string, JsonValue>;
    const tool = record.tools.find((candidate) => candidate.function.name === toolCall.function.name);
    const pythonTypes: Record<string, PythonOnlyType> = {};
    markFloats(args, tool?.function.parameters, "$", pythonTypes);
    return { name: toolCall.function.name, arguments: args, pythonTypes };
  });
}

function markFloats(
  value: JsonValue,
  schema: unknown,
  at: string,
  out: Record<string, PythonOnlyType>,
): void {
  if (!isJsonObject(schema)) return;
  if (typeof value === "number" && bfclTypeOf(schema) === "float") out[at] = "float";
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) markFloats(item, schema.items, childPath(at, i), out);
  }
  if (isJsonObject(value) && isJsonObject(schema.properties)) {
    for (const [key, item] of Object.entries(value))
      markFloats(item, schema.properties[key], childPath(at, key), out);
  }
}

export function callsResult(calls: ToolCall[]): ParseResult {
  return { type: "calls", calls, syntax: "python" };
}
