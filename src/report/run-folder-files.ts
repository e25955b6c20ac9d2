import path from "node:path";
import type { Arm } from "../run/index.js";
import type { TestSet } from "./test-sets.js";

/** The folder `runPipeline` trains each arm's model in (its trainer metrics are `model/metrics.jsonl` there). */
const TRAINING_STAGE: Record<Arm, string> = { sft: "sft", baseline_dpo: "dpo-baseline", ttpa: "dpo-ttpa" };

/** Where `runPipeline` writes each file the report reads, inside a run folder. */
export function runFolderFiles(dir: string) {
  const at = (...parts: string[]) => path.join(dir, ...parts);
  return {
    manifest: at("manifest.json"),
    results: at("results.json"),
    tokenizerDir: at("sft", "model"),
    tokenizer: at("sft", "model", "tokenizer.json"),
    tests: { seen: at("split", "test.jsonl"), unseen: at("split", "test-unseen.jsonl") } as Record<
      TestSet,
      string
    >,
    predictions: (arm: Arm, set: TestSet) => at(`eval-${arm}`, `${set}.predictions.jsonl`),
    metrics: (arm: Arm) => at(TRAINING_STAGE[arm], "model", "metrics.jsonl"),
    pairs: { tps: at("sample-tps", "pairs.jsonl"), baseline: at("sample-baseline", "pairs.jsonl") },
  };
}
