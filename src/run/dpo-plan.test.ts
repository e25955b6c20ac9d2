import { describe, expect, it } from "vitest";
import { InputError } from "../errors/input-error.js";
import { planDpo } from "./dpo-plan.js";
import { QUICK_CONFIG, resolveRunConfig } from "./run-config.js";

const config = resolveRunConfig({
  ...QUICK_CONFIG,
  sample: { turns: 20, pairsPerTurn: 2, baselineSamples: 2, temperature: 1 },
  dpo: { steps: 2, batchSize: 8, lr: 1e-4, beta: 0.1 },
});

describe("planDpo", () => {
  it("gives both arms the smaller sampler's pair count and the configured batch when there are enough", () => {
    // 40 pairs: 2 held out for eval, 38 to train on.
    expect(planDpo({ tps: 40, baseline: 55 }, config)).toEqual({
      pairs: 40,
      trainPairs: 38,
      batchSize: 8,
      note: undefined,
    });
    // Exactly one batch left after the hold-out is enough.
    expect(planDpo({ tps: 9, baseline: 9 }, config)).toMatchObject({
      trainPairs: 8,
      batchSize: 8,
      note: undefined,
    });
  });

  it("trains in batches of every training pair when there are fewer than dpo.batchSize, and says so", () => {
    const plan = planDpo({ tps: 30, baseline: 6 }, config);
    expect(plan).toMatchObject({ pairs: 6, trainPairs: 5, batchSize: 5 });
    expect(plan.note).toBe(
      "5 training pairs (6 less 1 held out for eval), fewer than dpo.batchSize 8: every step takes all 5; raise sample.turns or sample.pairsPerTurn for full batches",
    );
  });

  it("fails in one line naming the config field to raise when no pair is left to train on", () => {
    for (const counts of [{ tps: 0 }, { tps: 1 }, { tps: 12, baseline: 0 }, { tps: 1, baseline: 30 }]) {
      const attempt = () => planDpo(counts, config);
      expect(attempt).toThrow(InputError);
      expect(attempt).toThrow("raise sample.turns in the run config");
      expect(attempt).toThrow(/^too few preference pairs to train on \(sample-tps gave \d+/);
    }
    expect(() => planDpo({ tps: 12, baseline: 0 }, config)).toThrow(
      "(sample-tps gave 12 and sample-baseline 0 from the first 20 training records):",
    );
    expect(() => planDpo({ tps: 1 }, config)).toThrow(
      "(sample-tps gave 1 from the first 20 training records; one pair is held out for eval):",
    );
  });
});
