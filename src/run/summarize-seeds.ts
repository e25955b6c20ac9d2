import Table from "cli-table3";
import { ARMS, type Arm, type RunResults } from "./run-pipeline.js";

const SETS = ["seen", "unseen"] as const;

export interface SeedStatistic {
  mean: number;
  /** Sample standard deviation over seeds; 0 for one seed. */
  sd: number;
}

/** Per arm and test set, accuracy and mean ESM score over several runs that differ only by seed. */
export type SeedSummary = Record<
  Arm,
  Record<(typeof SETS)[number], { accuracy: SeedStatistic; meanScore: SeedStatistic }>
>;

function statistic(values: number[]): SeedStatistic {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance =
    values.length > 1 ? values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, sd: Math.sqrt(variance) };
}

export function summarizeSeeds(runs: readonly RunResults[]): SeedSummary {
  if (runs.length === 0) throw new Error("summarizeSeeds: no runs");
  const summary = {} as SeedSummary;
  for (const arm of ARMS) {
    summary[arm] = {} as SeedSummary[Arm];
    for (const set of SETS) {
      summary[arm][set] = {
        accuracy: statistic(runs.map((run) => run.arms[arm][set].accuracy)),
        meanScore: statistic(runs.map((run) => run.arms[arm][set].meanScore)),
      };
    }
  }
  return summary;
}

/** The seed summary as a table: mean ± sd, accuracy in points, and each arm's gain over SFT only. */
export function formatSeedSummary(summary: SeedSummary, seeds: number): string {
  const table = new Table({
    head: ["arm", "tools", "accuracy", "vs sft", "mean ESM"],
    style: { head: [], border: [] },
  });
  const points = (value: number) => (100 * value).toFixed(1);
  for (const arm of ARMS) {
    for (const set of SETS) {
      const { accuracy, meanScore } = summary[arm][set];
      const gain = 100 * (accuracy.mean - summary.sft[set].accuracy.mean);
      table.push([
        arm,
        set,
        `${points(accuracy.mean)}% ± ${points(accuracy.sd)}`,
        arm === "sft" ? "" : `${gain >= 0 ? "+" : ""}${gain.toFixed(1)}`,
        `${meanScore.mean.toFixed(3)} ± ${meanScore.sd.toFixed(3)}`,
      ]);
    }
  }
  return `${table.toString()}\nmean ± sample standard deviation over ${seeds} seeds`;
}
