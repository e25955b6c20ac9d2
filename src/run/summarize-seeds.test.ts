import { describe, expect, it } from "vitest";
import { ESM_ERROR_TYPES } from "../esm/esm-error.js";
import type { EvalSummary } from "../eval/index.js";
import { pooledSummary, type RunResults } from "./run-results.js";
import { formatSeedSummary, summarizeSeeds } from "./summarize-seeds.js";

function summary(accuracy: number, meanScore: number, count = 100): EvalSummary {
  const errors = Object.fromEntries(ESM_ERROR_TYPES.map((type) => [type, { count: 0, share: 0 }]));
  errors.format_error = { count: count - count * accuracy, share: 1 - accuracy };
  return { count, correct: count * accuracy, accuracy, meanScore, errors } as EvalSummary;
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

  it("pools the BFCL sets of an arm entry by entry, and summarises the pool over seeds", () => {
    const results = (simple: number): RunResults => ({
      pairs: 10,
      armOrder: ["sft"],
      testSets: ["seen", "bfcl:simple_python", "bfcl:irrelevance"],
      arms: {
        sft: {
          seen: summary(0.9, 0.9),
          "bfcl:simple_python": summary(simple, 0.5, 30),
          "bfcl:irrelevance": summary(1, 1, 10),
        },
      },
    });
    const pooled = pooledSummary(results(0.5), "sft", "bfcl");
    // 15 of 30 and 10 of 10: 25 of 40, not the mean of 50% and 100%.
    expect(pooled).toMatchObject({ count: 40, correct: 25, accuracy: 25 / 40 });
    expect(pooled?.meanScore).toBeCloseTo((0.5 * 30 + 10) / 40, 10);
    expect(pooled?.errors.format_error).toEqual({ count: 15, share: 15 / 40 });
    const seeds = summarizeSeeds([results(0.5), results(0.9)]);
    expect(seeds.pooled.bfcl?.sft?.accuracy.mean).toBeCloseTo((25 / 40 + 37 / 40) / 2, 10);
    expect(formatSeedSummary(seeds, 2)).toMatch(/sft\s*│\s*bfcl \(pooled\)\s*│\s*77\.5% ± /);
    // One BFCL set: nothing to pool; seen and unseen pool as held-out.
    const single = summarizeSeeds([run(0.4, 0.4, 0.4)]);
    expect(single.pooled.bfcl).toBeUndefined();
    expect(single.pooled["bfcl-ast"]).toBeUndefined();
    // 40 of 100 seen and 20 of 100 unseen: 60 of 200.
    expect(single.pooled["held-out"]?.sft?.accuracy.mean).toBeCloseTo(0.3, 10);
    expect(formatSeedSummary(single, 1)).toMatch(/sft\s*│\s*held-out \(pooled\)\s*│\s*30\.0% ± 0\.0/);
  });
});
