import Table from "cli-table3";
import type { EsmErrorType } from "../esm/esm-error.js";
import { formatAccuracy } from "../eval/index.js";
import { ARMS, type RunResults } from "./run-pipeline.js";

const SHOWN: Array<[EsmErrorType, string]> = [
  ["format_error", "format"],
  ["no_call", "no call"],
  ["wrong_name", "name"],
  ["missing_required", "missing"],
  ["unexpected_param", "unexpected"],
  ["type_error", "type"],
  ["value_error", "value"],
];

/** Per arm and test set: exact-match accuracy (BFCL-style verdict), mean ESM score, error counts. */
export function formatRunResults(results: RunResults): string {
  const table = new Table({
    head: ["arm", "tools", "n", "accuracy, 95% CI", "mean ESM", ...SHOWN.map(([, label]) => label)],
    style: { head: [], border: [] },
  });
  for (const arm of ARMS) {
    for (const set of ["seen", "unseen"] as const) {
      const summary = results.arms[arm][set];
      table.push([
        arm,
        set,
        summary.count,
        formatAccuracy(summary),
        summary.meanScore.toFixed(3),
        ...SHOWN.map(([type]) => summary.errors[type].count),
      ]);
    }
  }
  return `${table.toString()}\npreference arms trained on ${results.pairs} pairs each`;
}
