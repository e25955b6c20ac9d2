import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetRecord } from "../dataset/dataset-record.js";
import { evalTargets } from "../dataset/eval-targets.js";
import { parseToolCalls } from "../tool-calls/index.js";
import { checkBfcl } from "./check-bfcl.js";
import { importBfcl } from "./import-bfcl.js";

/**
 * BFCL's answer files write `5` or `5.0` on purpose, and its checker tells them apart inside lists
 * and where the answer's type differs from the schema's: the spelling must survive the import (and
 * the dataset file, whose JSON cannot keep it) and decide the verdict as in BFCL.
 */
const FUNCTIONS = [
  {
    name: "plot",
    description: "Plots values.",
    parameters: {
      type: "dict",
      properties: {
        values: { type: "array", items: { type: "float" }, description: "values" },
        scale: { type: "integer", description: "scale" },
      },
      required: ["values"],
    },
  },
];

const QUESTIONS = [
  { id: "simple_python_0", question: [[{ role: "user", content: "Plot 0 and 5." }]], function: FUNCTIONS },
  { id: "simple_python_1", question: [[{ role: "user", content: "Plot 0 and 5." }]], function: FUNCTIONS },
];
// The answer text as BFCL writes it: ints for a float list (parallel_multiple_187 and others), floats
// elsewhere, and a float for an int parameter.
const ANSWERS = [
  '{"id": "simple_python_0", "ground_truth": [{"plot": {"values": [[0, 5]], "scale": [2, ""]}}]}',
  '{"id": "simple_python_1", "ground_truth": [{"plot": {"values": [[0.0, 5.0]], "scale": ["", 2.0]}}]}',
];

let dir: string;
let records: DatasetRecord[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ttpa-bfcl-spelling-"));
  await mkdir(path.join(dir, "possible_answer"));
  const name = "BFCL_v4_simple_python.json";
  await writeFile(path.join(dir, name), QUESTIONS.map((q) => JSON.stringify(q)).join("\n"));
  await writeFile(path.join(dir, "possible_answer", name), ANSWERS.join("\n"));
  // Through a dataset file and back, as `ttpa import` then `ttpa eval` do.
  const imported = await importBfcl({ dir });
  records = imported.records.map((record) => JSON.parse(JSON.stringify(record)) as DatasetRecord);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function verdict(id: string, output: string) {
  const record = records.find((candidate) => candidate.id === id)!;
  const [target] = evalTargets(record);
  return checkBfcl({
    tools: target!.tools,
    reference: target!.reference,
    result: parseToolCalls(output),
    category: target!.category,
  });
}

describe("numbers as BFCL's answer files spell them", () => {
  it("records where the answer file wrote integral floats", () => {
    expect(records.map((record) => record.meta.possible_answer_floats)).toEqual([
      [[]],
      [["$[0].plot.values[0][0]", "$[0].plot.values[0][1]", "$[0].plot.scale[1]"]],
    ]);
  });

  it("accepts ints in a float list where the answer writes ints, as BFCL does", () => {
    expect(verdict("simple_python_0", "[plot(values=[0, 5])]").valid).toBe(true);
    expect(verdict("simple_python_0", "[plot(values=[0.0, 5.0])]").valid).toBe(true);
  });

  it("rejects ints in a float list where the answer writes floats", () => {
    expect(verdict("simple_python_1", "[plot(values=[0, 5])]")).toMatchObject({
      valid: false,
      errorType: "type_error:nested",
    });
    expect(verdict("simple_python_1", "[plot(values=[0.0, 5.0])]").valid).toBe(true);
  });

  it("takes a float for an int parameter whose answer is written as a float (BFCL's variable rule)", () => {
    expect(verdict("simple_python_1", "[plot(values=[0.0, 5.0], scale=2.0)]").valid).toBe(true);
    expect(verdict("simple_python_0", "[plot(values=[0, 5], scale=2.0)]")).toMatchObject({
      valid: false,
      errorType: "type_error:simple",
    });
  });

  it("reads the spelling of JSON and OpenAI-message outputs too", () => {
    const message = {
      role: "assistant",
      content: null,
      tool_calls: [{ type: "function", function: { name: "plot", arguments: '{"values": [0.0, 5.0]}' } }],
    };
    const record = records.find((candidate) => candidate.id === "simple_python_1")!;
    const [target] = evalTargets(record);
    const check = (output: unknown) =>
      checkBfcl({ ...target!, result: parseToolCalls(output), category: target!.category }).valid;
    expect(check(message)).toBe(true);
    expect(check('[{"name": "plot", "arguments": {"values": [0, 5]}}]')).toBe(false);
  });
});
