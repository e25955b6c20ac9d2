import { DEFAULT_PROFILE } from "../esm/scoring-profile.js";
import type { PreferencePair } from "../pairs/preference-pair.js";
import { BRANCH_POINT_DEFAULTS } from "./branch-points.js";
import { runSampling, type SamplingRunOptions, type SamplingSummary } from "./run-sampling.js";
import { sampleTpsTurn, type TpsTurnOptions } from "./sample-tps-turn.js";
import { checkOption } from "./sampling-option-error.js";
import { TokenTexts } from "./token-texts.js";

export interface TpsOptions {
  /** Alternatives are looked for among the k most likely tokens at each position. Default 5. */
  topK?: number;
  /** An alternative counts when at least this likely. Default 0.05. */
  minProbability?: number;
  /** Branches per turn. Default 8. */
  branchBudget?: number;
  /** Share of the branch budget that format (structure) positions may take. Default 0.25. */
  formatShare?: number;
  /** Pairs per turn at most. Default 4. */
  pairsPerTurn?: number;
  /** A turn whose best candidate scores below this takes the reference as chosen. Default: the profile's (0.8). */
  threshold?: number;
  /** Most tokens per completion. Default 256. */
  maxTokens?: number;
  /**
   * Recorded with the pairs. TPS decodes greedily, so its pairs do not depend on it; it is there so
   * one seed describes a run whichever sampler it used. Default 1.
   */
  seed?: number;
  /** Stop a turn that expects at most one call at its first `</tool_call>`. Default true. */
  stopAtCallEnd?: boolean;
}

export interface SampleTokenLevelOptions extends SamplingRunOptions {
  options?: TpsOptions;
}

/** Resolved TPS settings, every default applied and every range checked. */
export function resolveTpsOptions(options: TpsOptions = {}, threshold = DEFAULT_PROFILE.threshold) {
  return {
    topK: checkOption("topK", options.topK ?? BRANCH_POINT_DEFAULTS.topK, { integer: true, min: 1 }),
    minProbability: checkOption(
      "minProbability",
      options.minProbability ?? BRANCH_POINT_DEFAULTS.minProbability,
      {
        above: 0,
        max: 1,
      },
    ),
    branchBudget: checkOption("branchBudget", options.branchBudget ?? BRANCH_POINT_DEFAULTS.budget, {
      integer: true,
      min: 0,
    }),
    formatShare: checkOption("formatShare", options.formatShare ?? BRANCH_POINT_DEFAULTS.formatShare, {
      min: 0,
      max: 1,
    }),
    pairsPerTurn: checkOption("pairsPerTurn", options.pairsPerTurn ?? 4, { integer: true, min: 1 }),
    threshold: checkOption("threshold", options.threshold ?? threshold, { min: 0, max: 1 }),
    maxTokens: checkOption("maxTokens", options.maxTokens ?? 256, { integer: true, min: 1 }),
    seed: checkOption("seed", options.seed ?? 1, { integer: true, min: 0 }),
    stopAtCallEnd: options.stopAtCallEnd ?? true,
  };
}

/**
 * Token-level preference sampling over a dataset: for every assistant tool-call turn, the model's
 * greedy call and branches forced at its real alternatives (see sampleTpsTurn, selectBranchPoints),
 * each ESM-scored, then pairs by selectPairs and buildPairs. With `out`, pairs are appended as
 * they are made and a rerun continues where the last one stopped.
 */
export async function sampleTokenLevel(
  options: SampleTokenLevelOptions,
): Promise<{ pairs: PreferencePair[]; summary: SamplingSummary }> {
  const settings = resolveTpsOptions(options.options, options.profile?.threshold);
  const turn: TpsTurnOptions = {
    topK: settings.topK,
    minProbability: settings.minProbability,
    budget: settings.branchBudget,
    formatShare: settings.formatShare,
    maxTokens: settings.maxTokens,
    stopAtCallEnd: settings.stopAtCallEnd,
  };
  const texts = new TokenTexts(options.model);
  return runSampling(options, {
    settings: { name: "tps", model: options.model.info.id, ...settings },
    threshold: settings.threshold,
    pairsPerTurn: settings.pairsPerTurn,
    sampleTurn: (item, prompt, score) =>
      sampleTpsTurn({
        model: options.model,
        target: item.target,
        prompt,
        texts,
        options: turn,
        score,
        ...(options.signal ? { signal: options.signal } : {}),
      }),
  });
}
