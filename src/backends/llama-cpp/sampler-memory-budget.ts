import v8 from "node:v8";
import vm from "node:vm";

/** The budget LlamaCppLanguageModel uses unless told otherwise: 256 MiB. */
export const DEFAULT_SAMPLER_MEMORY_BUDGET = 256 * 2 ** 20;

/** One llama_token_data: token id (int32), logit and probability (float32). */
const CANDIDATE_BYTES = 12;

export interface SamplerMemoryBudgetOptions {
  /** Tokens in the model's vocabulary: each sampler holds one candidate entry per token. */
  readonly vocabularySize: number;
  /** Sampler bytes allowed to wait for V8's own collection before a full one is forced; 0: never forced. */
  readonly budgetBytes: number;
  /** The full collection to force. Default: V8's `gc()`, exposed on first use. */
  readonly collect?: () => void;
}

/**
 * Bounds the native memory that node-llama-cpp's per-call samplers hold.
 *
 * `controlledEvaluate` makes a new LlamaSampler for every call, and its native side allocates a
 * candidate array of the whole vocabulary (3 MB for Gemma 3's 262,144 tokens) that `dispose()` does
 * not free: only the C++ destructor does, when V8 finalizes the JS wrapper. V8 cannot see that
 * memory, so with a JS heap of ~60 MB it collects rarely, and a `ttpa eval` process on Gemma grew to
 * 16 GB resident (measured, once killed by the kernel). A full collection after every `budgetBytes`
 * of such arrays bounds the growth; glibc reuses what it frees.
 */
export class SamplerMemoryBudget {
  private readonly bytesPerCall: number;
  private readonly budgetBytes: number;
  private readonly collect: () => void;
  private pending = 0;
  private forced = 0;

  constructor(options: SamplerMemoryBudgetOptions) {
    if (!(options.budgetBytes >= 0)) {
      throw new RangeError(`samplerMemoryBudget must be a byte count >= 0, got ${options.budgetBytes}`);
    }
    this.bytesPerCall = options.vocabularySize * CANDIDATE_BYTES;
    this.budgetBytes = options.budgetBytes;
    this.collect = options.collect ?? v8FullCollection;
  }

  /** Full collections forced so far. */
  get collections(): number {
    return this.forced;
  }

  /** Records `calls` evaluation calls (one sampler each); forces a collection once over budget. */
  charge(calls: number): void {
    if (this.budgetBytes === 0) return;
    this.pending += calls * this.bytesPerCall;
    if (this.pending < this.budgetBytes) return;
    this.pending = 0;
    this.forced += 1;
    this.collect();
  }
}

let exposedGc: (() => void) | undefined;

/** V8's full garbage collection, whether or not node was started with --expose-gc. */
function v8FullCollection(): void {
  if (exposedGc === undefined) {
    const global = (globalThis as { gc?: () => void }).gc;
    if (global !== undefined) exposedGc = global;
    else {
      v8.setFlagsFromString("--expose-gc");
      exposedGc = vm.runInNewContext("gc") as () => void;
    }
  }
  exposedGc();
}
