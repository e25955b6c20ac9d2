import type { ControlledEvaluateInputItem, LlamaContextSequence, Token } from "node-llama-cpp";
import type { GeneratedToken, Sampling, TokenId, TokenLogprob } from "../language-model.js";

export interface NextTokenOptions {
  readonly topLogprobs: number;
  readonly sampling: Sampling | undefined;
  /** Index of the generated position, which varies the sampling seed from step to step. */
  readonly step: number;
}

/**
 * One context sequence and the tokens its KV cache holds. Requests that share a prefix with those
 * tokens keep it: the slot erases the cache back to the shared prefix and evaluates only the rest.
 */
export class SequenceSlot {
  readonly index: number;
  private readonly sequence: LlamaContextSequence;
  private readonly cached: TokenId[] = [];

  constructor(sequence: LlamaContextSequence, index: number) {
    this.sequence = sequence;
    this.index = index;
  }

  /**
   * Tokens llama.cpp has decoded on this sequence, by its own token meter: it also counts what
   * node-llama-cpp re-evaluates behind the slot's back when a cache cannot be cut back to a prefix
   * (a sliding-window cache that no longer holds it), which the slot's own bookkeeping cannot see.
   */
  get evaluated(): number {
    const meter = this.sequence.tokenMeter;
    return meter.usedInputTokens + meter.usedOutputTokens;
  }

  /** Tokens whose evaluation the KV cache holds, in order. */
  get tokens(): readonly TokenId[] {
    return this.cached;
  }

  /** Drops the cached evaluation of every token after the first `keep`. */
  async truncate(keep: number): Promise<void> {
    if (keep >= this.cached.length) return;
    await this.sequence.eraseContextTokenRanges([{ start: keep, end: this.cached.length }]);
    this.cached.length = keep;
  }

  /** Forgets everything, for a slot whose state is unknown after an error. */
  async reset(): Promise<void> {
    this.cached.length = 0;
    await this.sequence.clearHistory();
  }

  /**
   * Evaluates `tokens` after the cached ones (one batch, logits for the last token only) and picks
   * the next token with its log-probability and the top alternatives.
   *
   * Log-probabilities come from llama.cpp's sampler output without a full-vocabulary copy to JS:
   * the chosen token's logit, the top-k logits, and the sum of exp(logit - max) over the
   * vocabulary (node-llama-cpp's totalLogitWeight); log p = logit - max - log(sum).
   */
  async step(tokens: readonly TokenId[], options: NextTokenOptions): Promise<GeneratedToken> {
    const { topLogprobs, sampling } = options;
    // Greedy decoding picks the top logit, so without alternatives its log p is just -log(sum):
    // no logits need to come back at all, the cheapest call (measured within a few % of a bare loop).
    const chosenIsMax = sampling === undefined;
    // Any top-k makes node-llama-cpp sort the whole vocabulary (about 1.5 ms per step at 32k
    // tokens on one CPU core), so it is asked for only when wanted. Sampling needs the top logit to normalise.
    const includeTop = chosenIsMax ? topLogprobs : Math.max(1, topLogprobs);
    const generateNext = {
      token: true,
      totalLogitWeight: true,
      ...(chosenIsMax && topLogprobs === 0
        ? {}
        : { logits: { filter: { tokens: [], includeSelected: true, includeTop } } }),
      ...(sampling === undefined
        ? {}
        : {
            options: {
              temperature: sampling.temperature,
              // node-llama-cpp defaults top-k to 40 and top-p to 0.95; 0 and 1 switch them off.
              topK: sampling.topK ?? 0,
              topP: sampling.topP ?? 1,
              minP: 0,
              // A fresh sampler serves each call, so each step needs its own seed.
              seed: stepSeed(sampling.seed, options.step),
            },
          }),
    };
    const last = tokens.length - 1;
    const input: ControlledEvaluateInputItem[] = tokens.map((token, i) =>
      i === last ? [token as Token, { generateNext }] : (token as Token),
    );
    const results = await this.sequence.controlledEvaluate(input, {
      contextShift: { strategy: refuseShift },
    });
    this.cached.push(...tokens);
    const next = results[last]?.next;
    const token = next?.token;
    const weight = next?.totalLogitWeight;
    if (token == null || weight === undefined) {
      throw new Error("llama.cpp returned no next token; the model may not support generation");
    }
    const logits = next?.logits;
    if (logits === undefined) return { token, logprob: -Math.log(weight), top: [] };
    const entries = [...logits];
    const chosen = logits.get(token) as number;
    const max = includeTop > 0 ? (entries[0]?.[1] as number) : chosen;
    const logSum = max + Math.log(weight);
    const top: TokenLogprob[] = entries
      .slice(0, topLogprobs)
      .map(([id, logit]) => ({ token: id, logprob: logit - logSum }));
    return { token, logprob: chosen - logSum, top };
  }
}

/**
 * node-llama-cpp's context shift for a full sequence erases its first tokens behind the slot's back,
 * so that every later reuse of the cache would read the wrong tokens' evaluation: refused, loudly.
 * RequestRun ends a request with context-full before a sequence gets there.
 */
function refuseShift(): never {
  throw new Error("the context sequence is full; llama.cpp would have to erase its start (a bug in ttpa)");
}

/** A 32-bit seed per (request seed, step): reproducible whatever the batch or cache state. */
function stepSeed(seed: number, step: number): number {
  let x = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(step + 1, 0x85ebca77)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}
