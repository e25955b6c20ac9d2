import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runConstruct } from "../construct/run-construct.js";
import { SimulatorGenerator } from "../construct/simulator/index.js";
import { loadToolset } from "../tools/index.js";
import type { DatasetRecord } from "./dataset-record.js";
import { readDataset } from "./read-dataset.js";
import { splitDataset } from "./split-dataset.js";

const here = path.dirname(fileURLToPath(import.meta.url));

async function dataset(): Promise<DatasetRecord[]> {
  const { mkdtemp } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const out = path.join(await mkdtemp(path.join(tmpdir(), "ttpa-split-")), "data.jsonl");
  const tools = await loadToolset(path.resolve(here, "../../examples/toolsets"));
  await runConstruct({ generator: new SimulatorGenerator(), tools, out, count: 300, seed: 8 });
  return readDataset(out);
}

const calledTools = (record: DatasetRecord) =>
  record.messages.flatMap((m) =>
    m.role === "assistant" ? (m.tool_calls ?? []).map((c) => c.function.name) : [],
  );

describe("splitDataset", () => {
  it("splits by share, deterministically from the seed", async () => {
    const records = await dataset();
    const split = splitDataset({ records, testShare: 0.25, seed: 3 });
    expect(split.test.length).toBe(Math.round(records.length * 0.25));
    expect(split.train.length + split.test.length).toBe(records.length);
    expect(split.testUnseen).toEqual([]);
    const again = splitDataset({ records, testShare: 0.25, seed: 3 });
    expect(again.test.map((r) => r.id)).toEqual(split.test.map((r) => r.id));
    const other = splitDataset({ records, testShare: 0.25, seed: 4 });
    expect(other.test.map((r) => r.id)).not.toEqual(split.test.map((r) => r.id));
  });

  it("holds whole tools out of train: never called there, never offered", async () => {
    const records = await dataset();
    const split = splitDataset({ records, holdOutTools: 5, seed: 1 });
    expect(split.heldOutTools).toHaveLength(5);
    const held = new Set(split.heldOutTools);
    for (const record of [...split.train, ...split.test]) {
      expect(calledTools(record).some((name) => held.has(name))).toBe(false);
      expect(record.tools.some((tool) => held.has(tool.function.name))).toBe(false);
    }
    expect(split.testUnseen.length).toBeGreaterThan(0);
    for (const record of split.testUnseen)
      expect(calledTools(record).some((name) => held.has(name))).toBe(true);
    expect(split.train.length + split.test.length + split.testUnseen.length).toBe(records.length);
  });

  it("holds out tools by name", async () => {
    const records = await dataset();
    const split = splitDataset({ records, holdOutTools: ["search_flights", "book_flight"] });
    expect(split.heldOutTools).toEqual(["search_flights", "book_flight"]);
    expect(
      split.testUnseen.every((r) =>
        calledTools(r).some((n) => n === "search_flights" || n === "book_flight"),
      ),
    ).toBe(true);
  });
});
