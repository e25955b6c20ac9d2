import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runPipeline } from "./run-pipeline.js";
import { TINY_RUN_CONFIG } from "./test-support/tiny-run.js";

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
    const config = TINY_RUN_CONFIG;
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
