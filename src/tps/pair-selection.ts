import type { CandidateOrigin } from "../pairs/preference-pair.js";

/** A scored model output, as pair selection sees it. */
export interface ScoredCandidate {
  origin: Exclude<CandidateOrigin, "reference">;
  /** The completion text; candidates with the same text are one candidate. */
  text: string;
  /** Log-probability of the whole completion under the model (or the sampling distribution). */
  logprob: number;
  score: number;
}

export interface PairSelectionOptions {
  /** The candidates, greedy first when there is one. */
  candidates: readonly ScoredCandidate[];
  /** The reference answer's score, or undefined when there is no reference message to use. */
  referenceScore: number | undefined;
  /** A turn whose best candidate scores below this takes the reference as chosen. */
  threshold: number;
  /** Pairs per turn at most. */
  pairsPerTurn: number;
}

/** Chosen: the reference, or a candidate by index. Rejected: candidate indices, in pair order. */
export interface PairSelection {
  chosen: "reference" | number;
  rejected: number[];
}

/**
 * Which pairs a turn gives, from its scored candidates.
 *
 * 1. Candidates with the same text as an earlier one are dropped (the greedy output comes first).
 * 2. Chosen: if the best score reaches `threshold`, the candidate with that score and the highest
 *    log-probability (on-policy text, exactly right when the best is 1); otherwise the reference
 *    (no pairs when there is none).
 * 3. Rejected: every other candidate scoring strictly lower than chosen, hardest first — the greedy
 *    output when it is among them (what the model actually does), then by log-probability
 *    (highest first), then by score (lowest first), then by candidate order.
 * 4. At most `pairsPerTurn` pairs.
 */
export function selectPairs(options: PairSelectionOptions): PairSelection | undefined {
  const seen = new Set<string>();
  const unique: number[] = [];
  options.candidates.forEach((candidate, index) => {
    if (seen.has(candidate.text)) return;
    seen.add(candidate.text);
    unique.push(index);
  });
  const candidate = (index: number) => options.candidates[index] as ScoredCandidate;
  const best = unique.reduce<number | undefined>((acc, index) => {
    if (acc === undefined) return index;
    const a = candidate(acc);
    const b = candidate(index);
    return b.score > a.score || (b.score === a.score && b.logprob > a.logprob) ? index : acc;
  }, undefined);

  let chosen: PairSelection["chosen"];
  let chosenScore: number;
  if (best !== undefined && candidate(best).score >= options.threshold) {
    chosen = best;
    chosenScore = candidate(best).score;
  } else if (options.referenceScore !== undefined) {
    chosen = "reference";
    chosenScore = options.referenceScore;
  } else return undefined;

  const rejected = unique
    .filter((index) => index !== chosen && candidate(index).score < chosenScore)
    .sort((i, j) => {
      const a = candidate(i);
      const b = candidate(j);
      const greedy = Number(b.origin === "greedy") - Number(a.origin === "greedy");
      return greedy || b.logprob - a.logprob || a.score - b.score || i - j;
    })
    .slice(0, options.pairsPerTurn);
  return rejected.length === 0 ? undefined : { chosen, rejected };
}
