import Table from "cli-table3";
import { ESM_ERROR_TYPES } from "../esm/esm-error.js";
import type { EvalReport, EvalSummary } from "./eval-report.js";
import { wilsonInterval } from "./wilson-interval.js";

const percent = (value: number) => `${(100 * value).toFixed(1)}%`;

/** Accuracy with its 95% Wilson interval: `46.2% (41.5-51.0)`. */
export function formatAccuracy(summary: Pick<EvalSummary, "correct" | "count">): string {
  const [lo, hi] = wilsonInterval(summary.correct, summary.count);
  const value = summary.count === 0 ? 0 : summary.correct / summary.count;
  return `${percent(value)} (${(100 * lo).toFixed(1)}-${(100 * hi).toFixed(1)})`;
}

/**
 * The report as terminal tables: accuracy and mean ESM score per category, then each error type's
 * count and share of targets (per category too, when there are a few categories).
 */
export function formatEvalReport(report: EvalReport): string {
  const groups: Array<[string, EvalSummary]> = [
    ...Object.entries(report.categories).sort(),
    ["overall", report.overall],
  ];
  const style = { head: [], border: [] };

  const accuracyLabel = `${report.mode === "bfcl" ? "accuracy (BFCL)" : "accuracy (ESM exact)"}, 95% CI`;
  const metrics = new Table({ head: ["category", "n", accuracyLabel, "mean ESM"], style });
  for (const [name, summary] of groups) {
    metrics.push([name, summary.count, formatAccuracy(summary), summary.meanScore.toFixed(3)]);
  }

  const showCategories = groups.length > 1 && groups.length <= 9;
  const columns = showCategories ? groups : groups.slice(-1);
  const errors = new Table({
    head: ["error type", ...columns.map(([name]) => (showCategories ? name : "count")), "share of targets"],
    style,
  });
  for (const type of ESM_ERROR_TYPES) {
    errors.push([
      type,
      ...columns.map(([, summary]) => summary.errors[type].count),
      percent(report.overall.errors[type].share),
    ]);
  }

  const lines = [metrics.toString(), errors.toString()];
  const notes = [`${report.scored} of ${report.targets} targets scored`];
  if (report.missing > 0) notes.push(`${report.missing} without a prediction (counted incorrect)`);
  if (report.problems.length > 0) notes.push(`${report.problems.length} unusable prediction lines`);
  lines.push(notes.join("; "));
  for (const problem of report.problems.slice(0, 10)) lines.push(`  line ${problem.line}: ${problem.reason}`);
  if (report.problems.length > 10) lines.push(`  ... ${report.problems.length - 10} more in the JSON report`);
  return lines.join("\n");
}
