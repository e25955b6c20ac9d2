import { InputError } from "../errors/input-error.js";
import { heldOutCount } from "../training/hold-out.js";
import type { RunConfig } from "./run-config.js";

export interface DpoPlan {
  /** Pairs each preference arm is given: the first `pairs` of its sampler's, the same number for both. */
  pairs: number;
  /** Of those, the pairs it trains on; trainDpo sets the others aside for eval. */
  trainPairs: number;
  /** Pairs per optimizer step: dpo.batchSize, or every training pair when there are fewer. */
  batchSize: number;
  /** Why batchSize is below dpo.batchSize, in one line; undefined when it is not. */
  note: string | undefined;
}

/**
 * How many pairs the preference arms train on, and in what batches. Both arms take the same number
 * of pairs, the smaller sampler's count (equal compute), of which trainDpo sets 5% (at least one)
 * aside for eval. With no pair left to train on it throws an InputError that names the config field
 * to raise; with fewer training pairs than dpo.batchSize, each step takes all of them and `note`
 * says so. Without `baseline` (only TPS has run so far), it checks TPS's pairs alone, to fail early.
 */
export function planDpo(
  counts: { tps: number; baseline?: number },
  config: Pick<RunConfig, "sample" | "dpo">,
): DpoPlan {
  const pairs = Math.min(counts.tps, counts.baseline ?? counts.tps);
  const trainPairs = pairs - heldOutCount(pairs);
  if (trainPairs < 1) {
    const found =
      counts.baseline === undefined
        ? `sample-tps gave ${counts.tps}`
        : `sample-tps gave ${counts.tps} and sample-baseline ${counts.baseline}`;
    const held = pairs > 0 ? "; one pair is held out for eval" : "";
    throw new InputError(
      `too few preference pairs to train on (${found} from the first ${config.sample.turns} training records${held}): raise sample.turns in the run config (turns whose prompt does not fit in model.maxLength give none)`,
    );
  }
  const { batchSize } = config.dpo;
  if (trainPairs >= batchSize) return { pairs, trainPairs, batchSize, note: undefined };
  return {
    pairs,
    trainPairs,
    batchSize: trainPairs,
    note: `${trainPairs} training pairs (${pairs} less ${pairs - trainPairs} held out for eval), fewer than dpo.batchSize ${batchSize}: every step takes all ${trainPairs}; raise sample.turns or sample.pairsPerTurn for full batches`,
  };
}
