import { existsSync, statSync } from "node:fs";
import { type DatasetRecord, readDataset } from "../dataset/index.js";
import { InputError } from "../errors/input-error.js";
import { isJsonObject, type JsonlEntry, readJsonFile, readJsonl } from "../json/index.js";
import { type PreferencePair, readPairs } from "../pairs/index.js";
import { ARMS, type Arm, type RunManifest, type RunResults } from "../run/index.js";
import { loadTokenizer, type TextTokenizer } from "../tokenizer/index.js";
import type { TrainerEvent } from "../training/index.js";
import { runFolderFiles } from "./run-folder-files.js";
import { TEST_SETS, type TestSet } from "./test-sets.js";

/** Everything the report shows, read from a run folder of `ttpa run` / `ttpa demo`. */
export interface RunFolder {
  dir: string;
  manifest: RunManifest;
  results: RunResults;
  /** The test records of each set (all of them; the arms predicted the first `eval.maxTargets`). */
  tests: Record<TestSet, DatasetRecord[]>;
  /** Each arm's prediction lines per test set, `{id, output}` as `ttpa eval` reads them. */
  predictions: Record<Arm, Record<TestSet, JsonlEntry[]>>;
  /** The trainer's events (metrics.jsonl) of the stage that trained each arm's model. */
  metrics: Record<Arm, TrainerEvent[]>;
  pairs: { tps: PreferencePair[]; baseline: PreferencePair[] };
  /** The run's tokenizer (the SFT model's, which every arm shares), with its chat template. */
  tokenizer: TextTokenizer;
}

/**
 * Reads a finished run folder. A file the report needs that is not there is a one-line InputError
 * naming it: the run is not finished (or not a run folder).
 */
export async function readRunFolder(dir: string): Promise<RunFolder> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError("no such folder", { file: dir });
  const files = runFolderFiles(dir);
  if (!existsSync(files.manifest)) {
    throw new InputError("missing: not a run folder (make one with ttpa run CONFIG --dir DIR or ttpa demo)", {
      file: files.manifest,
    });
  }
  const required = [
    files.results,
    files.tokenizer,
    ...Object.values(files.tests),
    ...ARMS.flatMap((arm) => TEST_SETS.map((set) => files.predictions(arm, set))),
    ...ARMS.map((arm) => files.metrics(arm)),
    ...Object.values(files.pairs),
  ];
  for (const file of required) {
    if (!existsSync(file)) {
      throw new InputError(
        "missing: the run folder is incomplete (rerun ttpa run or ttpa demo on it to finish)",
        {
          file,
        },
      );
    }
  }

  const manifest = await readJsonFile(files.manifest);
  if (!isJsonObject(manifest) || !isJsonObject(manifest.stages)) {
    throw new InputError("not a run manifest (no 'stages' object)", { file: files.manifest });
  }
  const results = await readJsonFile(files.results);
  for (const arm of ARMS) {
    const summaries = isJsonObject(results) && isJsonObject(results.arms) ? results.arms[arm] : undefined;
    for (const set of TEST_SETS) {
      const summary = isJsonObject(summaries) ? summaries[set] : undefined;
      if (!isJsonObject(summary) || !isJsonObject(summary.errors) || typeof summary.accuracy !== "number") {
        throw new InputError(`not the results of ttpa run (no evaluation summary at arms.${arm}.${set})`, {
          file: files.results,
        });
      }
    }
  }

  const predictions = {} as RunFolder["predictions"];
  const metrics = {} as RunFolder["metrics"];
  for (const arm of ARMS) {
    predictions[arm] = {} as Record<TestSet, JsonlEntry[]>;
    for (const set of TEST_SETS) {
      predictions[arm][set] = (
        await readJsonl(files.predictions(arm, set), { onBadLine: "collect" })
      ).entries;
    }
    metrics[arm] = await readTrainerEvents(files.metrics(arm));
  }
  return {
    dir,
    manifest: manifest as unknown as RunManifest,
    results: results as unknown as RunResults,
    tests: { seen: await readDataset(files.tests.seen), unseen: await readDataset(files.tests.unseen) },
    predictions,
    metrics,
    pairs: { tps: await readPairs(files.pairs.tps), baseline: await readPairs(files.pairs.baseline) },
    tokenizer: await loadTokenizer({ dir: files.tokenizerDir }),
  };
}

async function readTrainerEvents(file: string): Promise<TrainerEvent[]> {
  const { entries } = await readJsonl(file);
  return entries
    .map((entry) => entry.value)
    .filter((value): value is TrainerEvent => isJsonObject(value) && typeof value.event === "string");
}
