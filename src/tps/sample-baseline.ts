import { DEFAULT_PROFILE } from "../esm/scoring-profile.js";
import type { PreferencePair } from "../pairs/preference-pair.js";
import { runSampling, type SamplingRunOptions, type SamplingSummary } from "./run-sampling.js";
import { sampleBaselineTurn } from "./sample-baseline-turn.js";
import { checkOption } from "./sampling-option-error.js";

export interface BaselineOptions {
  /** Full samples per turn. Default 4. */
  samples?: number;
  /** Sampling temperature, > 0. Default 1.0. */
  temperature?: number;
  /** A turn whose best sample scores below this takes the reference as chosen. Default: the profile's (0.8). */
  threshold?: number;
  /** Pairs per turn at most. Default: no cap (every lower-scoring sample is rejected). */
  pairsPerTurn?: number;
  /** Most tokens per sample. Default 256. */
  maxTokens?: number;
  /** With the target's index, fixes every sample. Default 1. */
  seed?: number;
  /** Stop a turn that expects at most one call at its first `</tool_call>`. Default true. */
  stopAtCallEnd?: boolean;
}

export interface SampleBaselineOptions extends SamplingRunOptions {
  options?: BaselineOptions;
}

/**
 * The ablation baseline of the authors' released script: n seeded samples per turn at temperature
 * T, ESM-scored; chosen is the best sample when it reaches the threshold, else the reference; every
 * sample scoring lower than chosen is rejected (duplicates of one text counted once).
 */
export async function sampleBaseline(
  options: SampleBaselineOptions,
): Promise<{ pairs: PreferencePair[]; summary: SamplingSummary }> {
  const given = options.options ?? {};
  const samples = checkOption("samples", given.samples ?? 4, { integer: true, min: 1 });
  const settings = {
    samples,
    temperature: checkOption("temperature", given.temperature ?? 1, { above: 0 }),
    threshold: checkOption(
      "threshold",
      given.threshold ?? options.profile?.threshold ?? DEFAULT_PROFILE.threshold,
      {
        min: 0,
        max: 1,
      },
    ),
    pairsPerTurn: checkOption("pairsPerTurn", given.pairsPerTurn ?? samples, { integer: true, min: 1 }),
    maxTokens: checkOption("maxTokens", given.maxTokens ?? 256, { integer: true, min: 1 }),
    seed: checkOption("seed", given.seed ?? 1, { integer: true, min: 0 }),
    stopAtCallEnd: given.stopAtCallEnd ?? true,
  };
  return runSampling(options, {
    settings: { name: "baseline", model: options.model.info.id, ...settings },
    threshold: settings.threshold,
    pairsPerTurn: settings.pairsPerTurn,
    sampleTurn: (item, prompt, score) =>
      sampleBaselineTurn({
        model: options.model,
        target: item.target,
        targetIndex: item.index,
        prompt,
        options: settings,
        score,
        ...(options.signal ? { signal: options.signal } : {}),
      }),
  });
}
