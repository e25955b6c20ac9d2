import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { QUICK_CONFIG } from "./run-config.js";
import {
  completes,
  killDuring,
  lineCount,
  runDifference,
  runText,
  stageStatus,
  ttpaRun,
} from "./test-support/run-cli.js";

// The miniature run of run-pipeline.test.ts, changed only where the kill needs it: a vocabulary and
// a short SFT at a high rate that leave prompts inside the context and the model unsure enough to
// branch at nearly every turn (TPS's 8 branches per turn, each reusing the greedy prefix in the
// cache), and 16 sampled turns so that sample-tps lasts seconds, not a moment. Every other stage is
// as small as it can be.
const CONFIG = {
  toolset: QUICK_CONFIG.toolset,
  construct: { count: 80, window: 1, calls: [1, 1] },
  split: { test: 0.1, holdOutTools: 4 },
  model: { type: "scratch", preset: "tiny", vocabSize: 1024, maxLength: 768 },
  sft: { steps: 12, batchSize: 2, lr: 0.02 },
  sample: { turns: 16, pairsPerTurn: 2, baselineSamples: 2, temperature: 1 },
  dpo: { steps: 2, batchSize: 2, lr: 1e-4, beta: 0.1 },
  eval: { maxTargets: 4, bfcl: { categories: [] } },
};
/** Pair lines written before the kill: at least two turns' worth, so the resumed run has pairs to keep. */
const PAIRS_BEFORE_KILL = 4;

describe("ttpa run, killed in sample-tps and run again", () => {
  it("ends with the pairs, models and metrics of an uninterrupted run with the same seed", {
    timeout: 600_000,
  }, async () => {
    const root = await mkdtemp(path.join(tmpdir(), "ttpa-resume-"));
    const config = path.join(root, "run.json");
    await writeFile(config, JSON.stringify(CONFIG));
    const whole = path.join(root, "uninterrupted");
    const killed = path.join(root, "killed");

    await completes(ttpaRun(config, whole));
    // Branches were sampled, not only greedy calls: the resumed turns have log-probabilities to get wrong.
    expect(runText(whole, "sample-tps/pairs.jsonl")).toContain('"rejected_source":"branch"');

    const pairs = path.join(killed, "sample-tps", "pairs.jsonl");
    const progress = path.join(killed, "sample-tps", "pairs.progress.jsonl");
    await killDuring(
      ttpaRun(config, killed),
      killed,
      "sample-tps",
      () => lineCount(pairs) >= PAIRS_BEFORE_KILL,
    );
    // Killed mid-way: the stage still running in the manifest, some turns finished and some not.
    expect(stageStatus(killed, "sample-tps")).toBe("running");
    const turnsBeforeKill = lineCount(progress);
    expect(turnsBeforeKill).toBeLessThan(lineCount(path.join(whole, "sample-tps", "pairs.progress.jsonl")));

    const rerun = await completes(ttpaRun(config, killed));
    expect(rerun).toContain("sft: unchanged, skipped");
    expect(rerun).toContain("sample-tps ...");
    const texts = [
      "sample-tps/pairs.jsonl",
      "sample-tps/pairs.progress.jsonl",
      "sample-baseline/pairs.jsonl",
      "eval-ttpa/seen.predictions.jsonl",
      "eval-ttpa/unseen.predictions.jsonl",
      "eval-baseline_dpo/seen.predictions.jsonl",
    ];
    const binaries = ["sft/model.gguf", "dpo-ttpa/model.gguf", "dpo-baseline/model.gguf"];
    expect(runDifference(killed, whole, texts, binaries)).toBeUndefined();
    console.log(`killed after ${turnsBeforeKill} sampled turns; resumed to the same results`);
    await rm(root, { recursive: true, force: true });
  });
});
