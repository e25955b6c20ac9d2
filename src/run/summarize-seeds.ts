import Table from "cli-table3";
import type { EvalSummary } from "../eval/index.js";
import type { Arm } from "./arm.js";
import { armSummary, POOL_LABELS, POOLS, type Pool, pooledSummary, type RunResults } from "./run-results.js";
import type { TestSet } from "./test-set.js";

export interface SeedStatistic {
  mean: number;
  /** Sample standard deviation over seeds; 0 for one seed. */
  sd: number;
}

export interface SeedStatistics {
  accuracy: SeedStatistic;
  meanScore: SeedStatistic;
}

/** Per arm and test set, accuracy and mean ESM score over several runs that differ only by seed. */
export interface SeedSummary {
  /** The arms and test sets of the runs, in their order. */
  armOrder: Arm[];
  testSets: TestSet[];
  arms: Partial<Record<Arm, Partial<Record<TestSet, SeedStatistics>>>>;
  /** Per pool the runs have two sets of (pooledSummary), per arm. */
  pooled: Partial<Record<Pool, Partial<Record<Arm, SeedStatistics>>>>;
}

function statistic(values: number[]): SeedStatistic {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance =
    values.length > 1 ? values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, sd: Math.sqrt(variance) };
}

/** Accuracy and mean ESM score of one arm and test set over the runs. */
function statistics(summaries: EvalSummary[]): SeedStatistics {
  return {
    accuracy: statistic(summaries.map((summary) => summary.accuracy)),
    meanScore: statistic(summaries.map((summary) => summary.meanScore)),
  };
}

/** Runs of one config with different seeds: every run must have the first run's arms and test sets. */
export function summarizeSeeds(runs: readonly RunResults[]): SeedSummary {
  const first = runs[0];
  if (first === undefined) throw new Error("summarizeSeeds: no runs");
  const { armOrder, testSets } = first;
  const arms: SeedSummary["arms"] = {};
  for (const arm of armOrder) {
    const sets: Partial<Record<TestSet, SeedStatistics>> = {};
    for (const set of testSets) {
      sets[set] = statistics(runs.map((run) => armSummary(run, arm, set)));
    }
    arms[arm] = sets;
  }
  // Every run has the first run's test sets, so each pools when the first does.
  const pooled: SeedSummary["pooled"] = {};
  for (const pool of POOLS) {
    if (pooledSummary(first, armOrder[0] as Arm, pool) === undefined) continue;
    const byArm: Partial<Record<Arm, SeedStatistics>> = {};
    for (const arm of armOrder) {
      byArm[arm] = statistics(runs.map((run) => pooledSummary(run, arm, pool) as EvalSummary));
    }
    pooled[pool] = byArm;
  }
  return { armOrder, testSets, arms, pooled };
}

/** The seed summary as a table: mean ± sd, accuracy in points, and each arm's gain over SFT only. */
export function formatSeedSummary(summary: SeedSummary, seeds: number): string {
  const table = new Table({
    head: ["arm", "test set", "accuracy", "vs sft", "mean ESM"],
    style: { head: [], border: [] },
  });
  const points = (value: number) => (100 * value).toFixed(1);
  const rows = (set: string, of: (arm: Arm) => SeedStatistics | undefined) => {
    const sft = of("sft");
    for (const arm of summary.armOrder) {
      const statistics = of(arm);
      if (statistics === undefined) continue;
      const { accuracy, meanScore } = statistics;
      const gain = sft === undefined ? undefined : 100 * (accuracy.mean - sft.accuracy.mean);
      table.push([
        arm,
        set,
        `${points(accuracy.mean)}% ± ${points(accuracy.sd)}`,
        arm === "sft" || gain === undefined ? "" : `${gain >= 0 ? "+" : ""}${gain.toFixed(1)}`,
        `${meanScore.mean.toFixed(3)} ± ${meanScore.sd.toFixed(3)}`,
      ]);
    }
  };
  for (const set of summary.testSets) rows(set, (arm) => summary.arms[arm]?.[set]);
  for (const pool of POOLS) {
    const byArm = summary.pooled[pool];
    if (byArm) rows(POOL_LABELS[pool], (arm) => byArm[arm]);
  }
  return `${table.toString()}\nmean ± sample standard deviation over ${seeds} seeds`;
}
