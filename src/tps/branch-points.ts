import type { TokenId, TokenLogprob } from "../backends/language-model.js";
import type { TokenClass } from "./token-class.js";

/** One generated position of the greedy completion, as branch selection sees it. */
export interface GreedyPosition {
  /** The greedy token. */
  token: TokenId;
  /** The most likely tokens at this position, most likely first. */
  top: readonly TokenLogprob[];
  tokenClass: TokenClass;
}

export interface BranchPointOptions {
  /** The greedy completion's positions, in order. */
  positions: readonly GreedyPosition[];
  /** Alternatives are looked for among the k most likely tokens. Default 5. */
  topK?: number;
  /** An alternative is real when its probability is at least this. Default 0.05. */
  minProbability?: number;
  /** Branches per turn. Default 8. */
  budget?: number;
  /**
   * The share of the budget that branches at format positions (`structure` tokens) take at most,
   * rounded to the nearest whole branch; they are kept to it even when decision branches run short.
   * Default 0.25.
   */
  formatShare?: number;
}

export interface BranchPoint {
  /** Index of the replaced token among the completion's tokens. */
  position: number;
  /** The alternative forced there. */
  token: TokenId;
  logprob: number;
  /** The class of the greedy token it replaces. */
  tokenClass: TokenClass;
  /** Whether it replaces a format (`structure`) token. */
  format: boolean;
}

/** Decision tiers: what the model commits to first; prose last. Format positions are kept apart. */
const TIER: Record<TokenClass, number> = {
  name: 0,
  key: 0,
  "value-start": 0,
  value: 1,
  text: 2,
  structure: 3,
};

export const BRANCH_POINT_DEFAULTS = { topK: 5, minProbability: 0.05, budget: 8, formatShare: 0.25 } as const;

/**
 * Chooses where to branch and onto which token. Every (position, alternative) with the alternative
 * among the top-k, other than the greedy token, and at least `minProbability` likely is a
 * candidate. Decision candidates are ranked by tier (name, argument key and value start; then the
 * rest of a value; then prose), then by probability, then by position; format candidates (at
 * `structure` tokens) by probability, then position. Format takes round(budget × formatShare)
 * slots at most, decision branches the rest; the result lists decision branches first, each group
 * in rank order.
 */
export function selectBranchPoints(options: BranchPointOptions): BranchPoint[] {
  const { positions, topK, minProbability, budget, formatShare } = { ...BRANCH_POINT_DEFAULTS, ...options };
  const minLogprob = Math.log(minProbability);
  const decision: BranchPoint[] = [];
  const format: BranchPoint[] = [];
  positions.forEach((position, index) => {
    for (const alternative of position.top.slice(0, topK)) {
      // Written so that a non-finite log-prob (NaN from a backend) is never a branch: its probability is unknown.
      if (alternative.token === position.token || !(alternative.logprob >= minLogprob)) continue;
      const point: BranchPoint = {
        position: index,
        token: alternative.token,
        logprob: alternative.logprob,
        tokenClass: position.tokenClass,
        format: position.tokenClass === "structure",
      };
      (point.format ? format : decision).push(point);
    }
  });
  const byProbability = (a: BranchPoint, b: BranchPoint) => b.logprob - a.logprob || a.position - b.position;
  decision.sort((a, b) => TIER[a.tokenClass] - TIER[b.tokenClass] || byProbability(a, b));
  format.sort(byProbability);
  const formatSlots = Math.min(format.length, Math.round(budget * formatShare));
  return [...decision.slice(0, budget - formatSlots), ...format.slice(0, formatSlots)];
}
