import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatasetRecord } from "../dataset/dataset-record.js";
import { evalTargets } from "../dataset/eval-targets.js";
import { ArgumentValidator, loadToolset, type Toolset } from "../tools/index.js";
import { runConstruct } from "./run-construct.js";
import { SimulatorGenerator } from "./simulator/index.js";
import { verifyConversation } from "./verify-conversation.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const toolsetDir = path.resolve(here, "../../examples/toolsets");
const lines = (file: string) =>
  existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").filter(Boolean) : [];
const records = (file: string) => lines(file).map((line) => JSON.parse(line) as DatasetRecord);
const temp = () => mkdtemp(path.join(tmpdir(), "ttpa-construct-"));

let tools: Toolset;
beforeAll(async () => {
  tools = await loadToolset(toolsetDir);
});

describe("runConstruct with the simulator", () => {
  it("keeps only conversations that pass verification, and repeats exactly with the same seed", async () => {
    const dir = await temp();
    const a = path.join(dir, "a.jsonl");
    const b = path.join(dir, "b.jsonl");
    const summary = await runConstruct({
      generator: new SimulatorGenerator(),
      tools,
      out: a,
      count: 400,
      seed: 3,
    });
    expect(summary.kept + summary.rejected).toBe(400);
    expect(summary.kept).toBeGreaterThan(380);
    const validator = new ArgumentValidator(tools);
    const kept = records(a);
    for (const record of kept) expect(verifyConversation(record, { validator })).toEqual({ ok: true });
    // Reversed construction: the query comes first in the record, every call turn after it.
    expect(kept.every((record) => record.messages[0]?.role === "user")).toBe(true);
    expect(kept.flatMap(evalTargets).length).toBeGreaterThan(kept.length);
    await runConstruct({ generator: new SimulatorGenerator(), tools, out: b, count: 400, seed: 3 });
    expect(readFileSync(b, "utf8")).toBe(readFileSync(a, "utf8"));
    const c = path.join(dir, "c.jsonl");
    await runConstruct({ generator: new SimulatorGenerator(), tools, out: c, count: 400, seed: 4 });
    expect(readFileSync(c, "utf8")).not.toBe(readFileSync(a, "utf8"));
  });

  it("varies the surface form of queries", async () => {
    const dir = await temp();
    const out = path.join(dir, "d.jsonl");
    await runConstruct({ generator: new SimulatorGenerator(), tools, out, count: 200, seed: 5 });
    const openers = new Set(
      records(out).map((r) => (r.messages[0]?.content ?? "").split(" ").slice(0, 2).join(" ")),
    );
    expect(openers.size).toBeGreaterThanOrEqual(5);
  });

  it("partitions by shard: the shards together hold the whole run's records", async () => {
    const dir = await temp();
    const whole = path.join(dir, "whole.jsonl");
    await runConstruct({ generator: new SimulatorGenerator(), tools, out: whole, count: 120, seed: 9 });
    const byId = new Map<string, string>();
    for (const index of [0, 1, 2]) {
      const out = path.join(dir, `shard${index}.jsonl`);
      await runConstruct({
        generator: new SimulatorGenerator(),
        tools,
        out,
        count: 120,
        seed: 9,
        shard: { index, count: 3 },
      });
      for (const line of lines(out)) byId.set(JSON.parse(line).id, line);
    }
    for (const line of lines(whole)) expect(byId.get(JSON.parse(line).id)).toBe(line);
  });

  it("resumes where a limited run stopped, with no duplicate and no loss", async () => {
    const dir = await temp();
    const whole = path.join(dir, "whole.jsonl");
    const parts = path.join(dir, "parts.jsonl");
    await runConstruct({ generator: new SimulatorGenerator(), tools, out: whole, count: 150, seed: 2 });
    const first = await runConstruct({
      generator: new SimulatorGenerator(),
      tools,
      out: parts,
      count: 150,
      seed: 2,
      limit: 60,
    });
    expect(first.kept + first.rejected).toBe(60);
    const second = await runConstruct({
      generator: new SimulatorGenerator(),
      tools,
      out: parts,
      count: 150,
      seed: 2,
    });
    expect(second.resumed).toBe(60);
    expect(readFileSync(parts, "utf8")).toBe(readFileSync(whole, "utf8"));
  });

  it("after SIGKILL midway, a rerun ends with exactly the records of an uninterrupted run", async () => {
    const dir = await temp();
    const child = path.join(here, "test-support/slow-construct.ts");
    const run = (out: string) =>
      spawn(process.execPath, ["--import", "tsx", child, toolsetDir, out, "800"], { stdio: "inherit" });
    const finished = (proc: ReturnType<typeof run>) =>
      new Promise<number | null>((resolve) => proc.on("exit", resolve));

    const whole = path.join(dir, "whole.jsonl");
    expect(await finished(run(whole))).toBe(0);

    const killed = path.join(dir, "killed.jsonl");
    const proc = run(killed);
    const exit = finished(proc);
    while (lines(killed).length < 150) await new Promise((resolve) => setTimeout(resolve, 10));
    proc.kill("SIGKILL");
    expect(await exit).toBe(null);
    const partial = lines(killed).length;
    expect(partial).toBeLessThan(lines(whole).length);

    expect(await finished(run(killed))).toBe(0);
    expect(readFileSync(killed, "utf8")).toBe(readFileSync(whole, "utf8"));
  });
});
