import type { PreferencePair } from "../pairs/index.js";

/**
 * How much each preference pair counts in the loss: a closed set.
 *
 * - `uniform`: every pair once.
 * - `error_balanced`: each kind of mistake counts alike. A pair's kind is the set of ESM error types
 *   of its rejected side (`missing_required`, `format_error`, `missing_required+wrong_name`, ...);
 *   every kind gets the same total weight, split evenly among its pairs, and weights are scaled to a
 *   mean of 1 so the learning rate means what it did. Why: the token-level sampler branches where the
 *   model hesitates, and those places are lopsided (Gemma 3 270M hesitates over closing an argument
 *   object early far more often than over adding one more), so one lesson can outweigh the rest and
 *   overshoot (more unexpected arguments after training than before).
 */
export const PAIR_WEIGHTINGS = ["uniform", "error_balanced"] as const;
export type PairWeighting = (typeof PAIR_WEIGHTINGS)[number];

/** The weight of each pair, in order, with a mean of 1. */
export function pairWeights(pairs: readonly PreferencePair[], weighting: PairWeighting): number[] {
  if (weighting === "uniform") return pairs.map(() => 1);
  const kinds = pairs.map((pair) =>
    [...new Set(pair.meta.errors.map((error) => error.type))].sort().join("+"),
  );
  const counts = new Map<string, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  // Each kind's total is pairs / kinds, so the weights sum to the number of pairs.
  const perKind = pairs.length / counts.size;
  return kinds.map((kind) => perKind / (counts.get(kind) as number));
}
