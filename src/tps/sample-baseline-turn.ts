import type { GenerateResult, LanguageModel, TokenId } from "../backends/language-model.js";
import type { EvalTarget } from "../dataset/eval-targets.js";
import type { EsmResult } from "../esm/score-calls.js";
import { SeededRandom } from "../random/seeded-random.js";
import type { Candidate } from "./candidate.js";
import { completionText, turnStopStrings } from "./sample-tps-turn.js";

export interface BaselineTurnOptions {
  /** Full samples per turn. */
  samples: number;
  /** Softmax temperature, > 0. */
  temperature: number;
  maxTokens: number;
  stopAtCallEnd: boolean;
  seed: number;
}

export interface SampleBaselineTurnOptions {
  model: LanguageModel;
  target: EvalTarget;
  /** The target's index in the whole run (all shards), which with the seed fixes its samples. */
  targetIndex: number;
  prompt: readonly TokenId[];
  options: BaselineTurnOptions;
  score: (text: string) => EsmResult;
  signal?: AbortSignal;
}

/**
 * The ablation sampler of the authors' released script: `samples` complete outputs per turn at
 * `temperature`, each with its own seed drawn from (run seed, target index), all in one generate
 * call. Returns them scored, in seed order.
 */
export async function sampleBaselineTurn(options: SampleBaselineTurnOptions): Promise<Candidate[]> {
  const { model, target, prompt, options: settings } = options;
  const stopStrings = turnStopStrings(target, settings.stopAtCallEnd);
  const random = SeededRandom.forItem(settings.seed, options.targetIndex, 2);
  const requests = Array.from({ length: settings.samples }, () => ({
    prompt,
    maxTokens: settings.maxTokens,
    stopStrings,
    sampling: { temperature: settings.temperature, seed: random.int(0, 2 ** 31 - 1) },
  }));
  const results = await model.generate(requests, options.signal ? { signal: options.signal } : {});
  return results.map((result: GenerateResult) => {
    const text = completionText(result, stopStrings);
    const esm = options.score(text);
    return {
      origin: "sample" as const,
      text,
      logprob: result.tokens.reduce((total, step) => total + step.logprob, 0),
      score: esm.score,
      errors: esm.errors,
    };
  });
}
