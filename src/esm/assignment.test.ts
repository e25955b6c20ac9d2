import { describe, expect, it } from "vitest";
import { SeededRandom } from "../random/seeded-random.js";
import { maxWeightAlignment, maxWeightAssignment, type Pairs } from "./assignment.js";

const total = (weights: number[][], pairs: Pairs) => pairs.reduce((sum, [r, c]) => sum + weights[r]![c]!, 0);

/** Every injective map of the smaller side into the larger one. */
function bruteForceBest(weights: number[][]): number {
  const rows = weights.length;
  const columns = weights[0]!.length;
  let best = Number.NEGATIVE_INFINITY;
  const used = new Array<boolean>(Math.max(rows, columns)).fill(false);
  const walk = (i: number, sum: number) => {
    if (i === Math.min(rows, columns)) {
      best = Math.max(best, sum);
      return;
    }
    for (let j = 0; j < Math.max(rows, columns); j++) {
      if (used[j]) continue;
      used[j] = true;
      walk(i + 1, sum + (rows <= columns ? weights[i]![j]! : weights[j]![i]!));
      used[j] = false;
    }
  };
  walk(0, 0);
  return best;
}

describe("maxWeightAssignment", () => {
  it("finds the pairing a greedy match misses", () => {
    const weights = [
      [0.9, 0.8],
      [0.85, 0.1],
    ];
    expect(maxWeightAssignment(weights)).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it("matches brute force on 300 seeded random rectangular matrices", () => {
    const source = new SeededRandom(42);
    const random = () => source.next();
    for (let trial = 0; trial < 300; trial++) {
      const rows = 1 + Math.floor(random() * 5);
      const columns = 1 + Math.floor(random() * 5);
      const weights = Array.from({ length: rows }, () => Array.from({ length: columns }, () => random()));
      const pairs = maxWeightAssignment(weights);
      expect(pairs).toHaveLength(Math.min(rows, columns));
      expect(new Set(pairs.map(([, c]) => c)).size).toBe(pairs.length);
      expect(total(weights, pairs)).toBeCloseTo(bruteForceBest(weights), 9);
    }
  });
});

describe("maxWeightAlignment", () => {
  it("keeps order and skips a missing middle element", () => {
    // rows: predicted [a, c]; columns: reference [a, b, c]
    const weights = [
      [1, 0, 0.1],
      [0.1, 0, 1],
    ];
    expect(maxWeightAlignment(weights)).toEqual([
      [0, 0],
      [1, 2],
    ]);
  });

  it("never crosses pairs", () => {
    const weights = [
      [0, 1],
      [1, 0],
    ];
    expect(maxWeightAlignment(weights)).toHaveLength(1);
  });
});
