/**
 * The seam between a model and what drives it (token-level preference sampling, `ttpa predict`).
 * Prompts go in as token ids with the chat template already applied, so one implementation can sit
 * on an embedded llama.cpp and another on an OpenAI-compatible `/v1/completions` endpoint (token-id
 * prompts, `logprobs`, `seed`, `stop`) without either one owning chat formatting.
 */

/** A token id in the model's vocabulary. */
export type TokenId = number;

export interface TokenLogprob {
  readonly token: TokenId;
  /** Natural log of the token's probability. */
  readonly logprob: number;
}

/** One generated position. */
export interface GeneratedToken {
  readonly token: TokenId;
  /** Log-probability of `token` at this position. */
  readonly logprob: number;
  /**
   * The `topLogprobs` most likely tokens at this position, most likely first. It contains `token`
   * only when `token` is among them (always, for greedy decoding).
   */
  readonly top: readonly TokenLogprob[];
}

/** Random sampling instead of greedy decoding. Same seed, same request: same tokens. */
export interface Sampling {
  /** Softmax temperature, > 0. */
  readonly temperature: number;
  readonly seed: number;
  /** Nucleus sampling mass in (0, 1]. Default 1 (off). */
  readonly topP?: number;
  /** Sample among the k most likely tokens only. Default 0 (off). */
  readonly topK?: number;
}

export interface GenerateRequest {
  /** The context, chat template applied and special tokens included (BOS too, if the model wants one). */
  readonly prompt: readonly TokenId[];
  /**
   * Tokens placed after the prompt as if the model had generated them; generation continues from
   * there. They are part of the completion (`text` includes them) but not of `tokens`, and they do
   * not count towards `maxTokens`. Default: none.
   */
  readonly forced?: readonly TokenId[];
  /** Most tokens to generate after the forced ones. */
  readonly maxTokens: number;
  /**
   * Tokens that end generation; the one that does is the last entry of `tokens` but adds nothing to
   * `text`. Default: the model's end-of-generation tokens. `[]` generates until another limit.
   */
  readonly stopTokens?: readonly TokenId[];
  /**
   * Strings that end generation as soon as the completion text contains one (a match must end
   * after the forced text). `text` stops before it; `tokens` runs up to the token that completed it.
   * Default: none.
   */
  readonly stopStrings?: readonly string[];
  /** How many most likely tokens to report at every generated position. Default 0. */
  readonly topLogprobs?: number;
  /**
   * Default: greedy. Under sampling, log-probabilities describe the distribution the token was
   * drawn from (after temperature and top-p/top-k), not the raw model distribution.
   */
  readonly sampling?: Sampling;
}

export type FinishReason = "stop-token" | "stop-string" | "max-tokens" | "context-full";

export interface GenerateResult {
  /** The generated positions, after the forced tokens. */
  readonly tokens: readonly GeneratedToken[];
  /** Text of the forced and generated tokens, without a stop token and cut before a stop string. */
  readonly text: string;
  readonly finishReason: FinishReason;
  /** The stop string that ended generation, when one did. */
  readonly stopString?: string;
}

/** Cumulative work counters, for benchmarks and run manifests. */
export interface ModelUsage {
  /** Tokens run through the model: prompt and forced tokens not found in a cache, and generated tokens fed back. */
  readonly evaluatedTokens: number;
  /** Prompt and forced tokens served from a cache (a KV-cache prefix) instead of being evaluated. */
  readonly reusedTokens: number;
  readonly generatedTokens: number;
  readonly requests: number;
}

export interface ModelInfo {
  /** What the model is (a file path or a served model name), for manifests and logs. */
  readonly id: string;
  /** Tokens one sequence can hold: prompt, forced and generated together. */
  readonly contextSize: number;
  readonly vocabularySize: number;
  readonly bos: TokenId | undefined;
  readonly eos: TokenId | undefined;
  /** Tokens that end generation by default (EOS, end-of-turn, ...). */
  readonly endOfGeneration: readonly TokenId[];
  /** Whether the model expects BOS at the start of a prompt (the caller adds it). */
  readonly addBos: boolean;
  /** The Jinja chat template the model ships, when it ships one. */
  readonly chatTemplate: string | undefined;
}

export interface TokenizeOptions {
  /** Parse special-token text such as "<|eot_id|>" into its special token. Default true. */
  readonly specialTokens?: boolean;
}

export interface DetokenizeOptions {
  /** Render special (control) tokens as their text instead of dropping them. Default false. */
  readonly specialTokens?: boolean;
}

export interface GenerateOptions {
  readonly signal?: AbortSignal;
}

export interface LanguageModel {
  readonly info: ModelInfo;
  /** Never adds BOS/EOS: prompts are assembled by the caller. */
  tokenize(text: string, options?: TokenizeOptions): Promise<TokenId[]>;
  /** Exact inverse of tokenization for ordinary text (no whitespace clean-up). */
  detokenize(tokens: readonly TokenId[], options?: DetokenizeOptions): Promise<string>;
  /**
   * Runs several requests at once (an implementation decodes them together where it can) and
   * answers in request order. Requests sharing a prefix with earlier ones may reuse its cached
   * evaluation; results do not depend on that beyond floating-point rounding (see clearCache).
   */
  generate(requests: readonly GenerateRequest[], options?: GenerateOptions): Promise<GenerateResult[]>;
  /**
   * Forgets every cached evaluation, so that the next call computes as on a freshly loaded model.
   * A reused prefix is the same computation, but llama.cpp rounds differently (more so with its f16
   * flash attention) with how that prefix was batched when it was evaluated; a caller whose results
   * must depend only on its requests (a resumed run that has to match an uninterrupted one) calls
   * this between calls, never while requests run. Optional: a backend without a cache it controls
   * (a remote server) leaves it out.
   */
  clearCache?(): Promise<void>;
  usage(): ModelUsage;
  close(): Promise<void>;
}
