import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveRunConfig } from "./run-config.js";
import { runPipeline } from "./run-pipeline.js";

const STAGES = [
  "construct",
  "split",
  "sft",
  "sample-tps",
  "sample-baseline",
  "dpo-baseline",
  "dpo-ttpa",
  "eval-sft",
  "eval-baseline_dpo",
  "eval-ttpa",
];

describe("runPipeline (a miniature run: mechanics, not model quality)", () => {
  it("runs every stage once, records them in the manifest, and skips them all on rerun with the same results", {
    timeout: 600_000,
  }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ttpa-run-"));
    const config = resolveRunConfig({
      construct: { count: 80, window: 1, calls: [1, 1] },
      split: { test: 0.1, holdOutTools: 4 },
      model: { preset: "tiny", vocabSize: 512, maxLength: 768 },
      sft: { steps: 10, batchSize: 8, lr: 3e-3 },
      sample: { turns: 20, pairsPerTurn: 2, baselineSamples: 2, temperature: 1 },
      dpo: { steps: 2, batchSize: 2, lr: 1e-4, beta: 0.1 },
      eval: { maxTargets: 4 },
    });
    const events: string[] = [];
    const first = await runPipeline({
      config,
      dir,
      onStage: (stage, event) => events.push(`${stage}:${event}`),
    });
    expect(events.filter((e) => e.endsWith(":done")).map((e) => e.split(":")[0])).toEqual(STAGES);
    const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
    for (const stage of STAGES) expect(manifest.stages[stage]).toMatchObject({ status: "done" });
    expect(manifest.config.seed).toBe(1);
    expect(Object.keys(manifest.versions)).toEqual(["ttpa", "node", "node-llama-cpp"]);
    for (const arm of ["sft", "baseline_dpo", "ttpa"] as const) {
      expect(first.arms[arm].seen.count).toBeGreaterThan(0);
      expect(first.arms[arm].unseen.count).toBeGreaterThan(0);
    }

    events.length = 0;
    const second = await runPipeline({
      config,
      dir,
      onStage: (stage, event) => events.push(`${stage}:${event}`),
    });
    expect(events).toEqual(STAGES.map((stage) => `${stage}:skip`));
    expect(second).toEqual(first);
  });
});
