import path from "node:path";
import Table from "cli-table3";
import { evalTargets } from "../dataset/index.js";
import { evaluate, type PairedCounts, type PairedDifference, pairedDifference } from "../eval/index.js";
import { readJsonl } from "../json/read-jsonl.js";
import type { Arm } from "./arm.js";
import type { RunResults } from "./run-results.js";
import {
  readTestRecords,
  TEST_GROUP_LABELS,
  TEST_GROUPS,
  type TestGroup,
  type TestSet,
  testGroupOf,
  testSetPaths,
} from "./test-set.js";

/** Per test set and arm, whether each target (by id) was right, as the run's eval stage decided. */
export interface RunOutcomes {
  armOrder: Arm[];
  testSets: TestSet[];
  outcomes: Partial<Record<TestSet, Partial<Record<Arm, Map<string, boolean>>>>>;
}

/**
 * The comparisons the method's claims rest on, each A against B: training against the untrained
 * model, each preference arm against SFT, and TTPA against trajectory-level DPO at the same pairs.
 */
export const ARM_COMPARISONS: ReadonlyArray<readonly [Arm, Arm]> = [
  ["sft", "base"],
  ["baseline_dpo", "sft"],
  ["ttpa", "sft"],
  ["ttpa", "baseline_dpo"],
];

/** A against B on one group of test sets, every target of every run pooled. */
export interface ArmComparison extends PairedCounts, PairedDifference {
  a: Arm;
  b: Arm;
  group: TestGroup;
  /** Targets compared (both + aOnly + bOnly + neither). */
  count: number;
}

/**
 * Re-scores a finished run's predictions target by target (the eval stage keeps only summaries),
 * on the records the arms predicted: a target without a prediction is wrong, as in the summaries.
 */
export async function readRunOutcomes(
  dir: string,
  results: RunResults,
  maxTargets: number,
): Promise<RunOutcomes> {
  const outcomes: RunOutcomes["outcomes"] = {};
  for (const set of results.testSets) {
    const targets = (await readTestRecords(dir, set, maxTargets)).flatMap(evalTargets);
    const byArm: Partial<Record<Arm, Map<string, boolean>>> = {};
    for (const arm of results.armOrder) {
      const { entries, problems } = await readJsonl(path.join(dir, testSetPaths(set).predictions(arm)), {
        onBadLine: "collect",
      });
      const report = evaluate({ targets, predictions: entries, problems });
      byArm[arm] = new Map(report.items.map((item) => [item.id, item.correct]));
    }
    outcomes[set] = byArm;
  }
  return { armOrder: results.armOrder, testSets: results.testSets, outcomes };
}

/**
 * Every comparison of ARM_COMPARISONS whose arms the runs have, on every group they have sets of,
 * pooled over the runs (seeds): paired counts and the difference's 95% interval (Newcombe). The
 * interval is over test targets given the trained models; the spread between seeds is the seed
 * summary's.
 */
export function compareArms(runs: readonly RunOutcomes[]): ArmComparison[] {
  const first = runs[0];
  if (first === undefined) throw new Error("compareArms: no runs");
  const rows: ArmComparison[] = [];
  for (const [a, b] of ARM_COMPARISONS) {
    if (!first.armOrder.includes(a) || !first.armOrder.includes(b)) continue;
    for (const group of TEST_GROUPS) {
      const counts: PairedCounts = { both: 0, aOnly: 0, bOnly: 0, neither: 0 };
      for (const run of runs) {
        for (const set of run.testSets.filter((candidate) => testGroupOf(candidate) === group)) {
          const ofA = run.outcomes[set]?.[a];
          const ofB = run.outcomes[set]?.[b];
          if (ofA === undefined || ofB === undefined)
            throw new Error(`no outcomes of ${a} and ${b} on ${set}`);
          for (const id of new Set([...ofA.keys(), ...ofB.keys()])) {
            const rightA = ofA.get(id) ?? false;
            const rightB = ofB.get(id) ?? false;
            if (rightA && rightB) counts.both++;
            else if (rightA) counts.aOnly++;
            else if (rightB) counts.bOnly++;
            else counts.neither++;
          }
        }
      }
      const count = counts.both + counts.aOnly + counts.bOnly + counts.neither;
      if (count === 0) continue;
      rows.push({ a, b, group, count, ...counts, ...pairedDifference(counts) });
    }
  }
  return rows;
}

/** A difference and its interval in signed points: `+2.5 (−6.0 to +11.6)`. */
export function formatPairedDifference({ difference, low, high }: PairedDifference): string {
  const signed = (value: number) => `${value >= 0 ? "+" : "−"}${Math.abs(100 * value).toFixed(1)}`;
  return `${signed(difference)} (${signed(low)} to ${signed(high)})`;
}

/** The comparisons as a table: both accuracies, the difference in points with its interval, the discordant targets. */
export function formatArmComparisons(rows: readonly ArmComparison[], seeds: number): string {
  const table = new Table({
    head: ["A − B", "test sets", "n", "A", "B", "A − B, 95% CI (points)", "only A / only B right"],
    style: { head: [], border: [] },
  });
  const percent = (value: number) => `${(100 * value).toFixed(1)}%`;
  for (const row of rows) {
    table.push([
      `${row.a} − ${row.b}`,
      TEST_GROUP_LABELS[row.group],
      row.count,
      percent((row.both + row.aOnly) / row.count),
      percent((row.both + row.bOnly) / row.count),
      formatPairedDifference(row),
      `${row.aOnly} / ${row.bOnly}`,
    ]);
  }
  const over = seeds > 1 ? `, targets of ${seeds} seeds pooled` : "";
  return `${table.toString()}\npaired by target (Newcombe's interval for paired proportions${over})`;
}
