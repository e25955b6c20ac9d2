import path from "node:path";
import { type Arm, type TestSet, testSetPaths } from "../run/index.js";

/** The folder `runPipeline` trains each arm's model in (its trainer metrics are `model/metrics.jsonl` there); `base` trains none. */
const TRAINING_STAGE: Partial<Record<Arm, string>> = {
  sft: "sft",
  baseline_dpo: "dpo-baseline",
  ttpa: "dpo-ttpa",
};

/** Where `runPipeline` writes each file the report reads, inside a run folder. */
export function runFolderFiles(dir: string) {
  const at = (...parts: string[]) => path.join(dir, ...parts);
  return {
    manifest: at("manifest.json"),
    results: at("results.json"),
    tokenizerDir: at("sft", "model"),
    tokenizer: at("sft", "model", "tokenizer.json"),
    tests: (set: TestSet) => at(testSetPaths(set).records),
    predictions: (arm: Arm, set: TestSet) => at(testSetPaths(set).predictions(arm)),
    /** Undefined for an arm without training (the base model). */
    metrics: (arm: Arm) => {
      const stage = TRAINING_STAGE[arm];
      return stage === undefined ? undefined : at(stage, "model", "metrics.jsonl");
    },
    pairs: { tps: at("sample-tps", "pairs.jsonl"), baseline: at("sample-baseline", "pairs.jsonl") },
  };
}
