import { describe, expect, it } from "vitest";
import { type GreedyPosition, selectBranchPoints } from "./branch-points.js";
import type { TokenClass } from "./token-class.js";

/** A position whose greedy token is 1 and whose alternatives have the given probabilities (tokens 2, 3, ...). */
function position(tokenClass: TokenClass, ...alternatives: number[]): GreedyPosition {
  const greedy = 1 - alternatives.reduce((a, b) => a + b, 0);
  return {
    token: 1,
    tokenClass,
    top: [
      { token: 1, logprob: Math.log(greedy) },
      ...alternatives.map((p, i) => ({ token: 2 + i, logprob: Math.log(p) })),
    ].sort((a, b) => b.logprob - a.logprob),
  };
}

const picked = (points: ReturnType<typeof selectBranchPoints>) =>
  points.map((point) => `${point.position}:${point.token}`);

describe("selectBranchPoints", () => {
  it("takes alternatives at or above the probability threshold, never the greedy token", () => {
    const positions = [position("name", 0.3, 0.04), position("value", 0.05), position("key")];
    const points = selectBranchPoints({ positions, minProbability: 0.05, budget: 10 });
    expect(picked(points)).toEqual(["0:2", "1:2"]);
    expect(points[0]).toMatchObject({ tokenClass: "name", format: false });
    expect(points[0]?.logprob).toBeCloseTo(Math.log(0.3));
  });

  it("never branches onto an alternative whose log-prob is not a number", () => {
    const positions: GreedyPosition[] = [
      {
        token: 1,
        tokenClass: "name",
        top: [
          { token: 1, logprob: Math.log(0.6) },
          { token: 2, logprob: Number.NaN },
          { token: 3, logprob: Math.log(0.2) },
        ],
      },
    ];
    expect(picked(selectBranchPoints({ positions, minProbability: 0.05 }))).toEqual(["0:3"]);
  });

  it("looks only among the top-k tokens", () => {
    const positions = [position("name", 0.2, 0.15, 0.1)];
    // Top-2 is the greedy token and one alternative.
    expect(picked(selectBranchPoints({ positions, topK: 2, minProbability: 0.01 }))).toEqual(["0:2"]);
    expect(picked(selectBranchPoints({ positions, topK: 4, minProbability: 0.01 }))).toEqual([
      "0:2",
      "0:3",
      "0:4",
    ]);
  });

  it("prefers decision tokens (name, key, value start) over value continuations over prose, then probability", () => {
    const positions = [
      position("text", 0.4),
      position("value", 0.35),
      position("value-start", 0.1),
      position("key", 0.2),
      position("name", 0.15),
    ];
    const points = selectBranchPoints({ positions, budget: 4, formatShare: 0 });
    expect(points.map((point) => point.tokenClass)).toEqual(["key", "name", "value-start", "value"]);
    expect(picked(points)).toEqual(["3:2", "4:2", "2:2", "1:2"]);
  });

  it("breaks probability ties by position", () => {
    const positions = [position("key", 0.2), position("name", 0.2)];
    expect(picked(selectBranchPoints({ positions }))).toEqual(["0:2", "1:2"]);
  });

  it("stops at the branch budget", () => {
    const positions = Array.from({ length: 12 }, (_, i) => position("value-start", 0.1 + i * 0.01));
    const points = selectBranchPoints({ positions, budget: 5, formatShare: 0 });
    expect(points).toHaveLength(5);
    expect(points.map((point) => point.position)).toEqual([11, 10, 9, 8, 7]);
  });

  it("gives format positions round(budget × share) slots at most, and decision branches the rest", () => {
    const decision = Array.from({ length: 10 }, () => position("key", 0.1));
    const format = Array.from({ length: 10 }, () => position("structure", 0.3));
    const positions = [...decision, ...format];
    const count = (share: number, budget = 8) => {
      const points = selectBranchPoints({ positions, budget, formatShare: share });
      return { format: points.filter((point) => point.format).length, total: points.length };
    };
    expect(count(0)).toEqual({ format: 0, total: 8 });
    expect(count(0.25)).toEqual({ format: 2, total: 8 });
    expect(count(0.3)).toEqual({ format: 2, total: 8 });
    expect(count(0.5)).toEqual({ format: 4, total: 8 });
    expect(count(1)).toEqual({ format: 8, total: 8 });
    // Decision branches come first in the result, format ones after.
    const points = selectBranchPoints({ positions, budget: 8, formatShare: 0.25 });
    expect(points.map((point) => point.format)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      true,
      true,
    ]);
  });

  it("does not fill unused format slots with decision branches' shortfall, nor the reverse beyond the share", () => {
    // Two decision candidates, many format ones: format keeps to its share even with budget left.
    const positions = [
      position("name", 0.2),
      position("key", 0.2),
      ...Array.from({ length: 6 }, () => position("structure", 0.3)),
    ];
    const points = selectBranchPoints({ positions, budget: 8, formatShare: 0.25 });
    expect(points.filter((point) => !point.format)).toHaveLength(2);
    expect(points.filter((point) => point.format)).toHaveLength(2);
    // No format candidates: decision branches take the whole budget.
    const only = Array.from({ length: 10 }, () => position("value", 0.2));
    expect(selectBranchPoints({ positions: only, budget: 8, formatShare: 0.5 })).toHaveLength(8);
  });

  it("returns nothing when no alternative is real", () => {
    expect(
      selectBranchPoints({ positions: [position("name", 0.01), position("key")], minProbability: 0.05 }),
    ).toEqual([]);
    expect(selectBranchPoints({ positions: [position("name", 0.3)], budget: 0 })).toEqual([]);
  });
});
