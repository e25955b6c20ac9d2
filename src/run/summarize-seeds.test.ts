import { describe, expect, it } from "vitest";
import { ESM_ERROR_TYPES } from "../esm/esm-error.js";
import type { EvalSummary } from "../eval/index.js";
import type { RunResults } from "./run-results.js";
import { formatSeedSummary, summarizeSeeds } from "./summarize-seeds.js";

function summary(accuracy: number, meanScore: number): EvalSummary {
  const errors = Object.fromEntries(ESM_ERROR_TYPES.map((type) => [type, { count: 0, targets: 0 }]));
  return { count: 100, correct: 100 * accuracy, accuracy, meanScore, errors } as unknown as EvalSummary;
}

function run(sft: number, baseline: number, ttpa: number): RunResults {
  const arm = (accuracy: number) => ({
    seen: summary(accuracy, accuracy),
    unseen: summary(accuracy / 2, 0.1),
    "bfcl:irrelevance": summary(1 - accuracy, 0.5),
  });
  return {
    pairs: 10,
    armOrder: ["sft", "baseline_dpo", "ttpa"],
    testSets: ["seen", "unseen", "bfcl:irrelevance"],
    arms: { sft: arm(sft), baseline_dpo: arm(baseline), ttpa: arm(ttpa) },
  };
}

describe("summarizeSeeds", () => {
  it("averages each arm and test set over seeds with the sample standard deviation", () => {
    const result = summarizeSeeds([run(0.4, 0.42, 0.5), run(0.5, 0.46, 0.6), run(0.45, 0.44, 0.55)]);
    expect(result.armOrder).toEqual(["sft", "baseline_dpo", "ttpa"]);
    expect(result.testSets).toEqual(["seen", "unseen", "bfcl:irrelevance"]);
    expect(result.arms.ttpa?.seen?.accuracy.mean).toBeCloseTo(0.55, 10);
    expect(result.arms.ttpa?.seen?.accuracy.sd).toBeCloseTo(0.05, 10);
    expect(result.arms.sft?.unseen?.accuracy.mean).toBeCloseTo(0.225, 10);
    expect(result.arms.baseline_dpo?.seen?.meanScore.mean).toBeCloseTo(0.44, 10);
    expect(result.arms.ttpa?.["bfcl:irrelevance"]?.accuracy.mean).toBeCloseTo(0.45, 10);
    const table = formatSeedSummary(result, 3);
    expect(table).toMatch(/ttpa\s*│\s*seen\s*│\s*55\.0% ± 5\.0\s*│\s*\+10\.0/);
    expect(table).toMatch(/ttpa\s*│\s*bfcl:irrelevance\s*│\s*45\.0% ± 5\.0\s*│\s*-10\.0/);
    expect(table).toContain("over 3 seeds");
  });

  it("gives a zero spread for one seed", () => {
    expect(summarizeSeeds([run(0.4, 0.4, 0.4)]).arms.sft?.seen?.accuracy.sd).toBe(0);
  });
});
