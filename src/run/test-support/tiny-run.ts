import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { QUICK_CONFIG, resolveRunConfig } from "../run-config.js";
import { runPipeline } from "../run-pipeline.js";

/** A miniature run: every stage, the tiny model, two small BFCL test sets, seconds not minutes. */
export const TINY_RUN_CONFIG = resolveRunConfig({
  toolset: QUICK_CONFIG.toolset,
  construct: { count: 80, window: 1, calls: [1, 1] },
  split: { test: 0.1, holdOutTools: 4 },
  model: { type: "scratch", preset: "tiny", vocabSize: 512, maxLength: 768 },
  sft: { steps: 10, batchSize: 8, lr: 3e-3 },
  sample: { turns: 20, pairsPerTurn: 2, baselineSamples: 2, temperature: 1, threshold: 1 },
  dpo: { steps: 2, batchSize: 2, lr: 1e-4, beta: 0.1 },
  eval: { maxTargets: 4, bfcl: { categories: ["simple_python", "irrelevance"], maxTargets: 3 } },
});

/** A finished run folder of the miniature run, in a new temporary folder. */
export async function makeTinyRun(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "ttpa-tiny-run-"));
  await runPipeline({ config: TINY_RUN_CONFIG, dir });
  return dir;
}
