import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { AssistantMessage } from "../../dataset/chat-message.js";
import type { DatasetRecord } from "../../dataset/dataset-record.js";
import { ArgumentValidator, loadToolset, synthesizeTools } from "../../tools/index.js";
import { queryDiversity } from "../query-diversity.js";
import { runConstruct } from "../run-construct.js";
import { verifyConversation } from "../verify-conversation.js";
import { SimulatorGenerator } from "./simulator-generator.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const temp = () => mkdtemp(path.join(tmpdir(), "ttpa-simulator-"));
const records = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as DatasetRecord);
const steps = (record: DatasetRecord) =>
  record.messages.filter(
    (message): message is AssistantMessage => message.role === "assistant" && !!message.tool_calls?.length,
  );

describe("SimulatorGenerator turn kinds", () => {
  const tools = synthesizeTools({ count: 300, seed: 2 });

  it("makes every kind of turn, each as its kind says, all verified", async () => {
    const out = path.join(await temp(), "kinds.jsonl");
    const summary = await runConstruct({
      generator: new SimulatorGenerator(),
      tools,
      out,
      count: 600,
      seed: 4,
      turns: [1, 1],
    });
    expect(summary.kept).toBeGreaterThan(585);
    const kept = records(out);
    const validator = new ArgumentValidator(tools);
    for (const record of kept) expect(verifyConversation(record, { validator })).toEqual({ ok: true });
    const byKind = new Map<string, DatasetRecord[]>();
    for (const record of kept) {
      const kind = (record.meta.turn_kinds as string[])[0]!;
      byKind.set(kind, [...(byKind.get(kind) ?? []), record]);
    }
    for (const kind of ["single", "parallel", "parallel_same", "choice", "chain", "irrelevance"])
      expect(byKind.get(kind)?.length ?? 0, kind).toBeGreaterThan(30);
    for (const record of byKind.get("single")!) {
      expect(record.tools).toHaveLength(1);
      expect(steps(record)).toHaveLength(1);
    }
    for (const record of byKind.get("choice")!) expect(record.tools.length).toBeGreaterThan(1);
    for (const record of byKind.get("parallel")!) {
      const calls = steps(record)[0]!.tool_calls!;
      expect(steps(record)).toHaveLength(1);
      expect(new Set(calls.map((call) => call.function.name)).size).toBe(calls.length);
    }
    for (const record of byKind.get("parallel_same")!) {
      const calls = steps(record)[0]!.tool_calls!;
      expect(calls.length).toBeGreaterThan(1);
      expect(new Set(calls.map((call) => call.function.name)).size).toBe(1);
      expect(new Set(calls.map((call) => call.function.arguments)).size).toBe(calls.length);
    }
    for (const record of byKind.get("chain")!) {
      const [first, second] = steps(record);
      const result = record.messages.find((message) => message.role === "tool")!.content as string;
      const later = Object.values(
        JSON.parse(second!.tool_calls![0]!.function.arguments) as Record<string, unknown>,
      );
      expect(first!.tool_calls).toHaveLength(1);
      expect(later.some((value) => typeof value === "string" && result.includes(value))).toBe(true);
    }
    for (const record of byKind.get("irrelevance")!) {
      expect(steps(record)).toHaveLength(0);
      expect(record.messages.map((message) => message.role)).toEqual(["user", "assistant"]);
    }
    const turns = Object.values(summary.turnKinds).reduce((sum, count) => sum + count, 0);
    expect(turns).toBe(kept.length);
  });

  it("follows the configured shares", async () => {
    const out = path.join(await temp(), "only.jsonl");
    await runConstruct({
      generator: new SimulatorGenerator({
        kinds: { single: 0, parallel: 0, parallel_same: 0, choice: 0, chain: 0, irrelevance: 1 },
      }),
      tools,
      out,
      count: 50,
      seed: 1,
    });
    const kinds = records(out).flatMap((record) => record.meta.turn_kinds as string[]);
    expect(new Set(kinds)).toEqual(new Set(["irrelevance"]));
  });

  it("writes natural queries: fewer argument labels and more varied wording than label stitching", async () => {
    const out = path.join(await temp(), "natural.jsonl");
    await runConstruct({
      generator: new SimulatorGenerator(),
      tools: await loadToolset(path.resolve(here, "../../../examples/toolsets")),
      out,
      count: 500,
      seed: 1,
    });
    const diversity = queryDiversity(records(out));
    // Label-stitched queries (before issue 14) measured 199 distinct 3-grams per 1,000 words and quoted a label in 100% of queries.
    expect(diversity.distinctTrigramsPer1000Words).toBeGreaterThan(300);
    expect(diversity.labelQuoteShare).toBeLessThan(0.85);
  });
});

describe("construction on hard schemas", () => {
  it("keeps at least 98% of conversations and uses every tool", async () => {
    const tools = await loadToolset(path.resolve(here, "../../../examples/hard-schemas"));
    const out = path.join(await temp(), "hard.jsonl");
    const summary = await runConstruct({
      generator: new SimulatorGenerator(),
      tools,
      out,
      count: 500,
      seed: 11,
    });
    expect(summary.kept / 500).toBeGreaterThanOrEqual(0.98);
    const used = new Set(
      records(out).flatMap((record) =>
        steps(record).flatMap((step) => step.tool_calls!.map((call) => call.function.name)),
      ),
    );
    expect([...used].sort()).toEqual(tools.map((tool) => tool.function.name).sort());
  });
});
