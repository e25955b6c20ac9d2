import { existsSync, statSync } from "node:fs";
import { type DatasetRecord, readDataset } from "../dataset/index.js";
import { InputError } from "../errors/input-error.js";
import { isJsonObject, type JsonlEntry, readJsonFile, readJsonl } from "../json/index.js";
import { type PreferencePair, readPairs } from "../pairs/index.js";
import {
  ARMS,
  type Arm,
  type ArmComparison,
  compareArms,
  type RunManifest,
  type RunResults,
  readRunOutcomes,
  type TestSet,
} from "../run/index.js";
import { loadTokenizer, type TextTokenizer } from "../tokenizer/index.js";
import type { TrainerEvent } from "../training/index.js";
import { runFolderFiles } from "./run-folder-files.js";

/** Everything the report shows, read from a run folder of `ttpa run` / `ttpa demo`. */
export interface RunFolder {
  dir: string;
  manifest: RunManifest;
  results: RunResults;
  /**
   * The test records of each set of `results.testSets` (all of a constructed set, of which the arms
   * predicted the first `eval.maxTargets`; a BFCL set's sample).
   */
  tests: Partial<Record<TestSet, DatasetRecord[]>>;
  /** Each arm's prediction lines per test set, `{id, output}` as `ttpa eval` reads them. */
  predictions: Partial<Record<Arm, Partial<Record<TestSet, JsonlEntry[]>>>>;
  /** The arms compared target by target (`compareArms` over this run alone). */
  comparisons: ArmComparison[];
  /** The trainer's events (metrics.jsonl) of the stage that trained each arm's model; none for the base model. */
  metrics: Partial<Record<Arm, TrainerEvent[]>>;
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
  const required = [files.results, files.tokenizer, ...Object.values(files.pairs)];
  const missing = (file: string) => {
    throw new InputError(
      "missing: the run folder is incomplete (rerun ttpa run or ttpa demo on it to finish)",
      {
        file,
      },
    );
  };
  for (const file of required) if (!existsSync(file)) missing(file);

  const manifest = await readJsonFile(files.manifest);
  if (!isJsonObject(manifest) || !isJsonObject(manifest.stages)) {
    throw new InputError("not a run manifest (no 'stages' object)", { file: files.manifest });
  }
  const results = checkResults(await readJsonFile(files.results), files.results);

  const tests: RunFolder["tests"] = {};
  for (const set of results.testSets) {
    const file = files.tests(set);
    if (!existsSync(file)) missing(file);
    tests[set] = await readDataset(file);
  }
  const predictions: RunFolder["predictions"] = {};
  const metrics: RunFolder["metrics"] = {};
  for (const arm of results.armOrder) {
    const bySet: Partial<Record<TestSet, JsonlEntry[]>> = {};
    for (const set of results.testSets) {
      const file = files.predictions(arm, set);
      if (!existsSync(file)) missing(file);
      bySet[set] = (await readJsonl(file, { onBadLine: "collect" })).entries;
    }
    predictions[arm] = bySet;
    const metricsFile = files.metrics(arm);
    if (metricsFile === undefined) continue;
    if (!existsSync(metricsFile)) missing(metricsFile);
    metrics[arm] = await readTrainerEvents(metricsFile);
  }
  const maxTargets =
    isJsonObject(manifest.config) && isJsonObject(manifest.config.eval) && manifest.config.eval.maxTargets;
  if (typeof maxTargets !== "number") {
    throw new InputError("no config.eval.maxTargets: not a manifest of ttpa run", { file: files.manifest });
  }
  return {
    dir,
    manifest: manifest as unknown as RunManifest,
    results,
    tests,
    predictions,
    comparisons: compareArms([await readRunOutcomes(dir, results, maxTargets)]),
    metrics,
    pairs: { tps: await readPairs(files.pairs.tps), baseline: await readPairs(files.pairs.baseline) },
    tokenizer: await loadTokenizer({ dir: files.tokenizerDir }),
  };
}

/** results.json with its arm and test-set lists, and a summary for every pair of them. */
function checkResults(value: unknown, file: string): RunResults {
  const notResults = (why: string) => new InputError(`not the results of ttpa run (${why})`, { file });
  if (!isJsonObject(value) || !isJsonObject(value.arms)) throw notResults("no 'arms' object");
  const { armOrder, testSets } = value;
  if (!Array.isArray(armOrder) || !Array.isArray(testSets)) {
    // results.json of an older ttpa: rerunning skips every stage and writes it anew.
    throw notResults("no 'armOrder' and 'testSets' lists; rerun ttpa run on the folder to rewrite it");
  }
  for (const set of testSets) {
    // Test-set names become file paths: only the pipeline's own spellings.
    if (typeof set !== "string" || !/^(seen|unseen|bfcl:[a-z0-9_]+)$/.test(set)) {
      throw notResults(`unknown test set ${JSON.stringify(set)} in testSets`);
    }
  }
  for (const arm of armOrder) {
    if (!ARMS.includes(arm as Arm)) throw notResults(`unknown arm ${JSON.stringify(arm)} in armOrder`);
    const summaries = value.arms[arm as string];
    for (const set of testSets) {
      const summary = isJsonObject(summaries) ? summaries[set as string] : undefined;
      if (!isJsonObject(summary) || !isJsonObject(summary.errors) || typeof summary.accuracy !== "number") {
        throw notResults(`no evaluation summary at arms.${arm}.${set}`);
      }
    }
  }
  return value as unknown as RunResults;
}

async function readTrainerEvents(file: string): Promise<TrainerEvent[]> {
  const { entries } = await readJsonl(file);
  return entries
    .map((entry) => entry.value)
    .filter((value): value is TrainerEvent => isJsonObject(value) && typeof value.event === "string");
}
