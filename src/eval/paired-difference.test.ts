import { describe, expect, it } from "vitest";
import { pairedDifference } from "./paired-difference.js";

describe("pairedDifference", () => {
  it("reproduces Newcombe (1998) Table III, method 10", () => {
    // Cells (both, A only, B only, neither) and the published 95% limits of (A only - B only) / n.
    const published: Array<[[number, number, number, number], [number, number]]> = [
      [
        [36, 12, 2, 0],
        [0.0569, 0.3404],
      ],
      [
        [20, 12, 2, 16],
        [0.0562, 0.3292],
      ],
      [
        [36, 14, 0, 0],
        [0.1528, 0.4167],
      ],
      [
        [54, 0, 0, 0],
        [-0.0664, 0.0664],
      ],
    ];
    for (const [[both, aOnly, bOnly, neither], [low, high]] of published) {
      const result = pairedDifference({ both, aOnly, bOnly, neither });
      expect(result.difference).toBeCloseTo((aOnly - bOnly) / (both + aOnly + bOnly + neither), 12);
      expect(result.low).toBeCloseTo(low, 4);
      expect(result.high).toBeCloseTo(high, 4);
    }
  });

  it("mirrors when the two systems swap", () => {
    const forward = pairedDifference({ both: 5, aOnly: 7, bOnly: 2, neither: 26 });
    const backward = pairedDifference({ both: 5, aOnly: 2, bOnly: 7, neither: 26 });
    expect(backward.difference).toBeCloseTo(-forward.difference, 12);
    expect(backward.low).toBeCloseTo(-forward.high, 12);
    expect(backward.high).toBeCloseTo(-forward.low, 12);
  });

  it("is narrower than the unpaired intervals when the systems agree on most entries", () => {
    // 40 entries, accuracies 15% and 12.5%, one entry apart: pairing knows the difference is small.
    const { low, high } = pairedDifference({ both: 5, aOnly: 1, bOnly: 0, neither: 34 });
    expect(low).toBeGreaterThan(-0.1);
    expect(high).toBeLessThan(0.15);
    expect(pairedDifference({ both: 0, aOnly: 0, bOnly: 0, neither: 0 })).toEqual({
      difference: 0,
      low: -1,
      high: 1,
    });
  });
});
