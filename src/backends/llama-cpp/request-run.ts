import { CompletionText } from "../completion-text.js";
import type {
  FinishReason,
  GeneratedToken,
  GenerateRequest,
  GenerateResult,
  TokenId,
} from "../language-model.js";
import type { NextTokenOptions, SequenceSlot } from "./sequence-slot.js";

export interface RequestRunOptions {
  readonly request: GenerateRequest;
  readonly slot: SequenceSlot;
  readonly contextSize: number;
  readonly defaultStopTokens: readonly TokenId[];
  readonly tokenBytes: (token: TokenId) => Uint8Array;
}

/** The length of the common prefix of two token lists. */
export function commonPrefix(a: readonly TokenId[], b: readonly TokenId[]): number {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  while (i < limit && a[i] === b[i]) i++;
  return i;
}

/**
 * One request's progress on one sequence, one decode step at a time. The decode loop asks every
 * running request for its next input, decodes them all in one batch, and hands each its result.
 */
export class RequestRun {
  readonly slot: SequenceSlot;
  private readonly request: GenerateRequest;
  private readonly options: RequestRunOptions;
  private readonly stopTokens: ReadonlySet<TokenId>;
  private readonly text: CompletionText;
  private readonly generated: GeneratedToken[] = [];
  private input: readonly TokenId[] = [];
  private finishReason: FinishReason | undefined;
  private stopString: string | undefined;
  /** Prompt and forced tokens found in the sequence's cache; set by prepare(). */
  reused = 0;

  constructor(options: RequestRunOptions) {
    this.options = options;
    this.request = options.request;
    this.slot = options.slot;
    this.stopTokens = new Set(options.request.stopTokens ?? options.defaultStopTokens);
    this.text = new CompletionText(options.request.stopStrings);
  }

  /**
   * Keeps the cached prefix the sequence shares with the prompt and forced tokens and erases the
   * rest, so only the remainder is evaluated. The last token is always evaluated again: its logits
   * are what the first step samples from.
   */
  async prepare(): Promise<void> {
    const forced = this.request.forced ?? [];
    const full = [...this.request.prompt, ...forced];
    this.reused = Math.min(commonPrefix(this.slot.tokens, full), full.length - 1);
    await this.slot.truncate(this.reused);
    for (const token of forced) this.text.appendForced(this.options.tokenBytes(token));
    this.input = full.slice(this.reused);
  }

  /** The tokens to evaluate in the next step, or undefined once the run is over. */
  nextInput(): readonly TokenId[] | undefined {
    if (this.finishReason !== undefined) return undefined;
    if (this.generated.length >= this.request.maxTokens) {
      this.finishReason = "max-tokens";
      return undefined;
    }
    // A sequence holds at most contextSize - 1 evaluated tokens: node-llama-cpp keeps one cell free and,
    // rather than fill it, erases the start of the sequence (its context shift), which would leave the
    // slot's record of the cache wrong for every later request. Prompt, forced and generated tokens still
    // total contextSize, since the last generated token is never evaluated.
    if (this.slot.tokens.length + this.input.length > this.options.contextSize - 1) {
      this.finishReason = "context-full";
      return undefined;
    }
    return this.input;
  }

  stepOptions(): NextTokenOptions {
    return {
      topLogprobs: this.request.topLogprobs ?? 0,
      sampling: this.request.sampling,
      step: this.generated.length,
    };
  }

  /** Records a decoded position and checks the stop conditions. */
  accept(next: GeneratedToken): void {
    this.generated.push(next);
    if (this.stopTokens.has(next.token)) {
      this.finishReason = "stop-token";
      return;
    }
    this.stopString = this.text.append(this.options.tokenBytes(next.token));
    if (this.stopString !== undefined) this.finishReason = "stop-string";
    this.input = [next.token];
  }

  result(): GenerateResult {
    return {
      tokens: this.generated,
      text: this.text.finish(),
      finishReason: this.finishReason ?? "max-tokens",
      ...(this.stopString === undefined ? {} : { stopString: this.stopString }),
    };
  }
}
