import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { evalTargets } from "../dataset/eval-targets.js";
import type { InputError } from "../errors/input-error.js";
import { isJsonObject } from "../json/json-value.js";
import { validateToolset } from "../tools/index.js";
import { importBfcl } from "./import-bfcl.js";
import { loadSample, SAMPLE_DIR, sampleRecord } from "./test-support/bfcl-sample.js";

const CATEGORIES = [
  "irrelevance",
  "live_multiple",
  "live_parallel_multiple",
  "live_simple",
  "multiple",
  "parallel",
  "parallel_multiple",
  "simple_python",
];

async function countLines(file: string): Promise<number> {
  return (await readFile(file, "utf8")).split("\n").filter((line) => line.trim() !== "").length;
}

/** Every `type` keyword in a schema tree, wherever it sits. */
function typeKeywords(schema: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(schema)) {
    for (const item of schema) typeKeywords(item, out);
  } else if (isJsonObject(schema)) {
    if ("type" in schema && typeof schema.type !== "object") out.push(schema.type);
    for (const [key, value] of Object.entries(schema)) {
      // Property names are not schemas: look one level further for those.
      if (key === "properties" && isJsonObject(value)) {
        for (const child of Object.values(value)) typeKeywords(child, out);
      } else if (key !== "enum" && key !== "default" && key !== "examples") typeKeywords(value, out);
    }
  }
  return out;
}

describe("importBfcl on the sample", () => {
  it("imports every entry of every category, counted from the files", async () => {
    const { records, summary, skipped, problems } = await loadSample();
    expect(summary.map((s) => s.category)).toEqual(CATEGORIES);
    expect(skipped).toEqual([]);
    expect(problems).toEqual([]);
    for (const category of CATEGORIES) {
      const expected = await countLines(path.join(SAMPLE_DIR, `BFCL_v4_${category}.json`));
      expect(records.filter((record) => record.meta.category === category)).toHaveLength(expected);
      expect(summary.find((s) => s.category === category)?.records).toBe(expected);
    }
    expect(records).toHaveLength(304);
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
  });

  it("gives valid OpenAI tools with no BFCL type names left", async () => {
    const { records } = await loadSample();
    const jsonSchemaTypes = new Set(["object", "array", "string", "integer", "number", "boolean", "null"]);
    for (const record of records) {
      expect(() => validateToolset(record.tools), record.id).not.toThrow();
      for (const tool of record.tools) {
        expect(tool.function.parameters.type, record.id).toBe("object");
        for (const type of typeKeywords(tool.function.parameters)) {
          expect(jsonSchemaTypes.has(String(type)), `${record.id}: ${String(type)}`).toBe(true);
        }
      }
    }
  });

  it("maps float, tuple, dict and any with x-bfcl-type", async () => {
    const weather = await sampleRecord("multiple_5");
    const byCoordinates = weather.tools.find(
      (tool) => tool.function.name === "weather.get_by_coordinates_date",
    );
    expect(byCoordinates?.function.parameters.properties).toMatchObject({
      coordinates: {
        type: "array",
        "x-bfcl-type": "tuple",
        items: { type: "number", "x-bfcl-type": "float" },
      },
      date: { type: "string", format: "date" },
    });
    const magnet = (await sampleRecord("parallel_multiple_12")).tools[1]!;
    expect(magnet.function.parameters.properties).toMatchObject({
      current: { type: "number", "x-bfcl-type": "float" },
    });
    const drink = (await sampleRecord("live_multiple_0-0-0")).tools.find(
      (tool) => tool.function.name === "ChaDri.change_drink",
    )!;
    const preferences = (drink.function.parameters.properties as Record<string, Record<string, unknown>>)
      .new_preferences!;
    expect(preferences).toMatchObject({ type: "object", "x-bfcl-type": "dict" });
    expect(Object.keys(preferences.properties as object)).toContain("milk_type");
    const derivative = (await sampleRecord("live_parallel_multiple_13-11-0")).tools.find((tool) =>
      JSON.stringify(tool).includes('"x-bfcl-type":"any"'),
    )!;
    const anyParam = (derivative.function.parameters.properties as Record<string, Record<string, unknown>>)
      .function!;
    expect(anyParam["x-bfcl-type"]).toBe("any");
    expect(anyParam.type).toBeUndefined();
  });

  it("builds the question messages and one assistant message from the first accepted values", async () => {
    const triangle = await sampleRecord("simple_python_0");
    expect(triangle.messages).toEqual([
      {
        role: "user",
        content: "Find the area of a triangle with a base of 10 units and height of 5 units.",
      },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "call_0",
            type: "function",
            function: { name: "calculate_triangle_area", arguments: '{"base":10,"height":5,"unit":"units"}' },
          },
        ],
      },
    ]);
    expect(triangle.meta).toEqual({
      category: "simple_python",
      source: "bfcl",
      possible_answers: [[{ calculate_triangle_area: { base: [10], height: [5], unit: ["units", ""] } }]],
      possible_answer_floats: [[]],
    });
  });

  it("builds dict arguments from the first accepted value of each key and numbers parallel calls", async () => {
    const record = await sampleRecord("live_parallel_multiple_0-0-0");
    const last = record.messages.at(-1);
    expect(last?.role === "assistant" && last.tool_calls?.map((call) => call.id)).toEqual([
      "call_0",
      "call_1",
    ]);
    const change = last?.role === "assistant" ? last.tool_calls?.[1] : undefined;
    expect(change?.function.name).toBe("ChaDri.change_drink");
    expect(JSON.parse(change?.function.arguments ?? "{}")).toEqual({
      drink_id: "123",
      new_preferences: { size: "large", temperature: "hot", sweetness_level: "regular", milk_type: "almond" },
    });
  });

  it("keeps a system message and gives irrelevance no assistant message", async () => {
    const { records } = await loadSample();
    const withSystem = records.find((record) => record.messages[0]?.role === "system");
    expect(withSystem?.messages[1]?.role).toBe("user");
    const irrelevance = await sampleRecord("irrelevance_0");
    expect(irrelevance.messages.map((message) => message.role)).toEqual(["user"]);
    expect(irrelevance.meta).toEqual({ category: "irrelevance", source: "bfcl", possible_answers: [[]] });
  });

  it("leaves out answer parameters the function does not declare, and says so", async () => {
    const { summary } = await loadSample();
    const parallelMultiple = summary.find((s) => s.category === "parallel_multiple");
    expect(parallelMultiple?.argumentsOutsideSchema).toContain(
      "parallel_multiple_12: calculate_voltage_difference.permeability",
    );
    const record = await sampleRecord("parallel_multiple_12");
    const last = record.messages.at(-1);
    const voltage = last?.role === "assistant" ? last.tool_calls?.[1] : undefined;
    expect(JSON.parse(voltage?.function.arguments ?? "{}")).toEqual({
      electric_field: 5,
      distance: 3,
      charge: 0,
    });
  });

  it("imports only the categories asked for", async () => {
    const { records, summary } = await importBfcl({ dir: SAMPLE_DIR, categories: ["parallel"] });
    expect(summary.map((s) => s.category)).toEqual(["parallel"]);
    expect(records.every((record) => record.meta.category === "parallel")).toBe(true);
  });

  it("rejects unsupported or absent categories", async () => {
    await expect(importBfcl({ dir: SAMPLE_DIR, categories: ["multi_turn_base"] })).rejects.toThrow(
      /BFCL category "multi_turn_base" is not supported/,
    );
    await expect(importBfcl({ dir: SAMPLE_DIR, categories: ["live_irrelevance"] })).rejects.toThrow(
      /no question file BFCL_v4_live_irrelevance.json/,
    );
  });
});

describe("importBfcl on bad input", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** A temp copy of the simple_python files, with `edit` applied to one of them. */
  async function copyWith(
    which: "question" | "answer",
    edit: (lines: string[]) => string[],
  ): Promise<string> {
    dir = await mkdtemp(path.join(tmpdir(), "ttpa-bfcl-"));
    await mkdir(path.join(dir, "possible_answer"));
    const name = "BFCL_v4_simple_python.json";
    const question = path.join(dir, name);
    const answer = path.join(dir, "possible_answer", name);
    await copyFile(path.join(SAMPLE_DIR, name), question);
    await copyFile(path.join(SAMPLE_DIR, "possible_answer", name), answer);
    const target = which === "question" ? question : answer;
    const lines = (await readFile(target, "utf8")).split("\n");
    await writeFile(target, edit(lines).join("\n"));
    return target;
  }

  /**
   * Imports the copy; exactly one entry must be left out, named in the first problem. A question
   * whose id could not be read leaves its answer without a question: that is the second problem.
   */
  async function importProblem(answerOrphaned = false): Promise<InputError> {
    const { records, problems } = await importBfcl({ dir: dir! });
    expect(records).toHaveLength(39);
    expect(problems).toHaveLength(answerOrphaned ? 2 : 1);
    if (answerOrphaned) expect(problems[1]!.message).toMatch(/possible_answer.*has no question/);
    return problems[0]!;
  }

  it("names the file and line of a line that is not JSON, and imports the rest", async () => {
    const file = await copyWith("question", (lines) =>
      lines.map((line, i) => (i === 4 ? line.slice(0, 40) : line)),
    );
    const error = await importProblem(true);
    expect(error.file).toBe(file);
    expect(error.line).toBe(5);
    expect(error.message).toMatch(new RegExp(`^${escapeRegExp(file)}:line 5: not valid JSON \\(`));
  });

  it("names the file and line of an entry without an id", async () => {
    const file = await copyWith("question", (lines) =>
      lines.map((line, i) => (i === 2 ? line.replace('"id": "simple_python_2", ', "") : line)),
    );
    const error = await importProblem(true);
    expect(error.message).toBe(`${file}:line 3: missing "id"`);
  });

  it("names the file and line of an answer whose id has no question, and the question left unanswered", async () => {
    const file = await copyWith("answer", (lines) =>
      lines.map((line, i) => (i === 9 ? line.replace("simple_python_9", "simple_python_999") : line)),
    );
    const { records, problems } = await importBfcl({ dir: dir! });
    expect(records).toHaveLength(39);
    expect(problems.map((problem) => problem.message)).toEqual([
      `${file}:line 10: answer "simple_python_999" has no question in BFCL_v4_simple_python.json`,
      expect.stringMatching(
        /BFCL_v4_simple_python\.json:line 10: question "simple_python_9" has no possible answer/,
      ),
    ]);
  });

  it("names the question that has no answer", async () => {
    await copyWith("answer", (lines) => lines.filter((_, i) => i !== 0));
    const error = await importProblem();
    expect(error.message).toMatch(
      /BFCL_v4_simple_python\.json:line 1: question "simple_python_0" has no possible answer/,
    );
  });

  it("names a ground truth of the wrong shape", async () => {
    const file = await copyWith("answer", (lines) =>
      lines.map((line, i) =>
        i === 0 ? '{"id": "simple_python_0", "ground_truth": [{"a": {}, "b": {}}]}' : line,
      ),
    );
    const { records, problems } = await importBfcl({ dir: dir! });
    expect(records).toHaveLength(39);
    expect(problems.map((problem) => problem.message)).toEqual([
      `${file}:line 1: ground_truth[0] must be {FUNCTION_NAME: {PARAM: [values...]}}`,
      expect.stringMatching(/question "simple_python_0" has no possible answer/),
    ]);
  });

  it("leaves out the answer of a question that was left out, without a second report", async () => {
    const file = await copyWith("question", (lines) =>
      lines.map((line, i) => (i === 3 ? line.replace('"role": "user"', '"role": "tool"') : line)),
    );
    const error = await importProblem();
    expect(error.message).toBe(
      `${file}:line 4: question[0][0] has role "tool"; expected system, user or assistant`,
    );
  });
});

describe("importBfcl on the categories the sample lacks", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("keeps assistant turns as history, lists the other categories as skipped with a reason", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ttpa-bfcl-"));
    const functions = [{ name: "f", description: "d", parameters: { type: "dict", properties: {} } }];
    const question = [
      [
        { role: "user", content: "How do I install mbox?" },
        { role: "assistant", content: "Use your package manager." },
        { role: "user", content: "And on macOS?" },
      ],
    ];
    await writeFile(
      path.join(dir, "BFCL_v4_live_irrelevance.json"),
      `${JSON.stringify({ id: "live_irrelevance_1-0-0", question, function: functions })}\n`,
    );
    for (const other of ["multi_turn_base", "simple_java", "memory", "format_sensitivity"]) {
      await writeFile(path.join(dir, `BFCL_v4_${other}.json`), "{}\n");
    }
    const { records, skipped, problems } = await importBfcl({ dir });
    expect(problems).toEqual([]);
    expect(records[0]!.messages.map((message) => message.role)).toEqual(["user", "assistant", "user"]);
    const [target] = evalTargets(records[0]!);
    expect(target!.context).toHaveLength(3);
    expect(target!.reference).toEqual([]);
    expect(skipped.map((file) => file.category)).toEqual([
      "format_sensitivity",
      "memory",
      "multi_turn_base",
      "simple_java",
    ]);
    expect(skipped.find((file) => file.category === "multi_turn_base")?.reason).toMatch(/multi-turn/);
  });

  it("gives a required parameter whose only answer is the empty string as '' (live_multiple_507-149-4)", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ttpa-bfcl-"));
    await mkdir(path.join(dir, "possible_answer"));
    const parameters = {
      type: "dict",
      properties: { origin: { type: "string" }, seat: { type: "string" } },
      required: ["origin"],
    };
    const entry = {
      id: "live_multiple_1-0-0",
      question: [[{ role: "user", content: "Find a flight." }]],
      function: [{ name: "search", description: "d", parameters }],
    };
    const name = "BFCL_v4_live_multiple.json";
    await writeFile(path.join(dir, name), JSON.stringify(entry));
    await writeFile(
      path.join(dir, "possible_answer", name),
      JSON.stringify({ id: entry.id, ground_truth: [{ search: { origin: [""], seat: [""] } }] }),
    );
    const [record] = (await importBfcl({ dir })).records;
    const last = record!.messages.at(-1);
    expect(last?.role === "assistant" && last.tool_calls?.[0]?.function.arguments).toBe('{"origin":""}');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
