import Table from "cli-table3";
import type { EsmErrorType } from "../esm/esm-error.js";
import { type EvalSummary, formatAccuracy } from "../eval/index.js";
import { armSummary, POOL_LABELS, POOLS, pooledSummary, type RunResults } from "./run-results.js";

const SHOWN: Array<[EsmErrorType, string]> = [
  ["format_error", "format"],
  ["no_call", "no call"],
  ["wrong_name", "name"],
  ["missing_required", "missing"],
  ["unexpected_param", "unexpected"],
  ["type_error", "type"],
  ["value_error", "value"],
];

/**
 * Per test set and arm, as the results order them: exact-match accuracy (BFCL-style verdict) with
 * its 95% interval, mean ESM score, error counts; then the pools (POOLS) the run has two sets of.
 */
export function formatRunResults(results: RunResults): string {
  const table = new Table({
    head: ["arm", "test set", "n", "accuracy, 95% CI", "mean ESM", ...SHOWN.map(([, label]) => label)],
    style: { head: [], border: [] },
  });
  const row = (arm: string, set: string, summary: EvalSummary) => [
    arm,
    set,
    summary.count,
    formatAccuracy(summary),
    summary.meanScore.toFixed(3),
    ...SHOWN.map(([type]) => summary.errors[type].count),
  ];
  for (const set of results.testSets) {
    for (const arm of results.armOrder) table.push(row(arm, set, armSummary(results, arm, set)));
  }
  for (const pool of POOLS) {
    for (const arm of results.armOrder) {
      const pooled = pooledSummary(results, arm, pool);
      if (pooled) table.push(row(arm, POOL_LABELS[pool], pooled));
    }
  }
  return `${table.toString()}\npreference arms trained on ${results.pairs} pairs each`;
}
