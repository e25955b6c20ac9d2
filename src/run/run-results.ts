import type { EvalSummary } from "../eval/index.js";
import type { Arm } from "./arm.js";
import type { TestSet } from "./test-set.js";

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
