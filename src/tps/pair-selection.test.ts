import { describe, expect, it } from "vitest";
import { type ScoredCandidate, selectPairs } from "./pair-selection.js";

const greedy = (score: number, logprob = -1, text = `greedy ${score}`): ScoredCandidate => ({
  origin: "greedy",
  text,
  logprob,
  score,
});
const branch = (score: number, logprob: number, text = `branch ${score} ${logprob}`): ScoredCandidate => ({
  origin: "branch",
  text,
  logprob,
  score,
});
const select = (
  candidates: ScoredCandidate[],
  referenceScore: number | undefined = 1,
  pairsPerTurn = 10,
  threshold = 0.8,
) => selectPairs({ candidates, referenceScore, threshold, pairsPerTurn });

describe("selectPairs", () => {
  it("takes the reference as chosen when no candidate reaches the threshold", () => {
    const result = select([greedy(0.5), branch(0.79, -2), branch(0, -3)]);
    expect(result).toEqual({ chosen: "reference", rejected: [0, 1, 2] });
  });

  it("takes an exactly right branch as chosen when the greedy call is wrong, and keeps that pair first", () => {
    const candidates = [greedy(0.4, -1), branch(0.2, -1.5), branch(1, -2), branch(0, -4)];
    expect(select(candidates)).toEqual({ chosen: 2, rejected: [0, 1, 3] });
  });

  it("prefers the most probable of several right candidates", () => {
    const candidates = [greedy(0.3, -1), branch(1, -5, "a"), branch(1, -2, "b"), branch(1, -9, "c")];
    expect(select(candidates)?.chosen).toBe(2);
  });

  it("keeps the greedy output as chosen when it is right, rejecting the branches that are worse", () => {
    const candidates = [greedy(1, -1), branch(1, -2, "equally right"), branch(0.5, -3), branch(0.7, -2.5)];
    expect(select(candidates)).toEqual({ chosen: 0, rejected: [3, 2] });
  });

  it("orders rejected hardest first: greedy, then most probable, then lowest score, then candidate order", () => {
    const candidates = [
      greedy(0.6, -3),
      branch(0.2, -2, "likely"),
      branch(0.1, -4, "unlikely low"),
      branch(0.5, -4, "unlikely high"),
      branch(0.1, -4, "unlikely low again"),
    ];
    expect(select(candidates)?.rejected).toEqual([0, 1, 2, 4, 3]);
  });

  it("applies the threshold: the best candidate is chosen at or above it, the reference below", () => {
    const candidates = [greedy(0.85, -1), branch(0.3, -2)];
    expect(select(candidates, 1, 10, 0.8)).toEqual({ chosen: 0, rejected: [1] });
    expect(select(candidates, 1, 10, 0.9)).toEqual({ chosen: "reference", rejected: [0, 1] });
    expect(select(candidates, 1, 10, 0.85)?.chosen).toBe(0);
  });

  it("rejects only candidates scoring strictly lower than chosen", () => {
    expect(select([greedy(1), branch(1, -2, "other")])).toBeUndefined();
    expect(select([greedy(0.5), branch(0.5, -2)], 0.5)).toBeUndefined();
  });

  it("counts candidates with the same text once", () => {
    const candidates = [greedy(0.2, -1, "same"), branch(0.2, -2, "same"), branch(0.1, -3, "other")];
    expect(select(candidates)).toEqual({ chosen: "reference", rejected: [0, 2] });
  });

  it("caps the pairs per turn, keeping the hardest", () => {
    const candidates = [greedy(0, -1), branch(0, -2), branch(0, -1.5), branch(0, -3)];
    expect(select(candidates, 1, 2)?.rejected).toEqual([0, 2]);
  });

  it("gives no pairs without a reference when nothing reaches the threshold", () => {
    const candidates = [greedy(0.2), branch(0, -2)];
    expect(
      selectPairs({ candidates, referenceScore: undefined, threshold: 0.8, pairsPerTurn: 4 }),
    ).toBeUndefined();
    expect(select([], 1)).toBeUndefined();
  });
});
