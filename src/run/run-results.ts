import type { EvalSummary } from "../eval/index.js";
import type { Arm } from "./arm.js";
import { type TestSet, testGroupOf } from "./test-set.js";

/** `results.json` of a run folder: every arm of `armOrder` evaluated on every set of `testSets`. */
export interface RunResults {
  /** Pairs each preference arm trained on (the same number for both). */
  pairs: number;
  /** The arms the run has, in the order tables show them. */
  armOrder: Arm[];
  /** The test sets, in the order tables show them: `seen`, `unseen`, then `bfcl:<category>` as configured. */
  testSets: TestSet[];
  /** Per arm and test set (the same entries for every arm); read it with `armSummary`. */
  arms: Partial<Record<Arm, Partial<Record<TestSet, EvalSummary>>>>;
}

/** The evaluation summary of one arm on one test set; throws when the results lack it. */
export function armSummary(results: RunResults, arm: Arm, set: TestSet): EvalSummary {
  const summary = results.arms[arm]?.[set];
  if (summary === undefined) {
    throw new Error(`results have no evaluation of arm ${arm} on test set ${set}`);
  }
  return summary;
}

/**
 * Test sets pooled into one row of the tables, every target counted once: the held-out
 * conversations (seen + unseen), BFCL's calling categories (as BFCL's "AST" reads over the sampled
 * ones), every BFCL set.
 */
export const POOLS = ["held-out", "bfcl-ast", "bfcl"] as const;
export type Pool = (typeof POOLS)[number];

/** How tables name each pool. */
export const POOL_LABELS: Record<Pool, string> = {
  "held-out": "held-out (pooled)",
  "bfcl-ast": "bfcl AST (pooled)",
  bfcl: "bfcl (pooled)",
};

/** The test sets of `testSets` that `pool` takes. */
export function poolSets(testSets: readonly TestSet[], pool: Pool): TestSet[] {
  return testSets.filter((set) => (pool === "bfcl" ? set.startsWith("bfcl:") : testGroupOf(set) === pool));
}

/**
 * One arm's sets of `pool` as one summary (every target counts once, not the mean of the sets'
 * accuracies); undefined when the run has fewer than two of them (nothing to pool).
 */
export function pooledSummary(results: RunResults, arm: Arm, pool: Pool): EvalSummary | undefined {
  const summaries = poolSets(results.testSets, pool).map((set) => armSummary(results, arm, set));
  const first = summaries[0];
  if (first === undefined || summaries.length < 2) return undefined;
  const count = summaries.reduce((sum, summary) => sum + summary.count, 0);
  const weighted = (value: (summary: EvalSummary) => number) =>
    count === 0 ? 0 : summaries.reduce((sum, summary) => sum + value(summary) * summary.count, 0) / count;
  const correct = summaries.reduce((sum, summary) => sum + summary.correct, 0);
  const errors = Object.fromEntries(
    Object.keys(first.errors).map((type) => {
      const of = (summary: EvalSummary) => summary.errors[type as keyof EvalSummary["errors"]];
      return [
        type,
        {
          count: summaries.reduce((sum, summary) => sum + of(summary).count, 0),
          share: weighted((s) => of(s).share),
        },
      ];
    }),
  ) as EvalSummary["errors"];
  return {
    count,
    correct,
    accuracy: count === 0 ? 0 : correct / count,
    meanScore: weighted((s) => s.meanScore),
    errors,
  };
}
