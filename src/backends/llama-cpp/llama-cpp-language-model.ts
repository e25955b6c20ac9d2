import { existsSync } from "node:fs";
import type { LlamaContext, LlamaModel, Token } from "node-llama-cpp";
import { GgufVocabulary, readGguf } from "../../gguf/index.js";
import type {
  DetokenizeOptions,
  GenerateOptions,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  ModelInfo,
  ModelUsage,
  TokenId,
  TokenizeOptions,
} from "../language-model.js";
import { validateRequests } from "../validate-requests.js";
import { DecodeLoop, type QueuedRequest } from "./decode-loop.js";
import { ModelLoadError } from "./model-load-error.js";
import { DEFAULT_SAMPLER_MEMORY_BUDGET, SamplerMemoryBudget } from "./sampler-memory-budget.js";
import { SequenceSlot } from "./sequence-slot.js";

export interface LlamaCppModelOptions {
  /** A GGUF file. */
  modelPath: string;
  /** Sequences decoded together in one batch (one per concurrent request). Default 4. */
  sequences?: number;
  /** Tokens per sequence. Default: the model's training context, at most 4096. */
  contextSize?: number;
  /**
   * CPU threads for evaluation. Default: the machine's math cores minus one, at least 1: the JS
   * side that drives decoding needs a core, and llama.cpp's spinning threads slow to a crawl when
   * they outnumber the free cores.
   */
  threads?: number;
  /**
   * KV-cache precision. "f16" (llama.cpp's default) halves cache memory; "f32", with
   * flashAttention false, makes log-probabilities match a float32 reference to about 1e-5.
   * Default "f16".
   */
  kvCache?: "f16" | "f32";
  /** Default: llama.cpp decides. Its CPU flash attention computes in f16. */
  flashAttention?: boolean;
  /**
   * On a model with sliding-window attention (Gemma 3: a 512-token window on 5 of every 6 layers),
   * keep the whole sequence in those layers' KV cache. llama.cpp's default window-sized cache drops
   * old positions once a sequence outgrows it (about n_swa + batch size tokens), and cutting such a
   * sequence back to a shared prefix then makes node-llama-cpp re-evaluate the whole prefix: every
   * TPS branch and predict prompt would pay for its full prompt again. The full cache costs the KV
   * memory of a model without the window. No effect on other models. Default true.
   */
  swaFullCache?: boolean;
  /** Use a GPU when node-llama-cpp has a build for it. Default false. */
  gpu?: boolean;
  /**
   * Bytes of node-llama-cpp's per-step sampler arrays allowed between forced full garbage
   * collections (see SamplerMemoryBudget): lower bounds memory tighter, each collection costs a few
   * milliseconds. 0 leaves collection to V8, whose process then grows to many GB on a large
   * vocabulary. Default 256 MiB.
   */
  samplerMemoryBudget?: number;
}

/**
 * `LanguageModel` on llama.cpp through node-llama-cpp, for GGUF files. Each request runs on one of
 * the context's sequences; concurrent requests decode in one batch. A free sequence takes the
 * queued request that shares the longest prefix with what its KV cache holds and erases the cache
 * back to that prefix, so branches forced from a common prefix never re-evaluate it.
 */
export class LlamaCppLanguageModel implements LanguageModel {
  readonly info: ModelInfo;
  private readonly model: LlamaModel;
  private readonly context: LlamaContext;
  private readonly vocabulary: GgufVocabulary | undefined;
  private readonly loop: DecodeLoop;
  private readonly samplerMemory: SamplerMemoryBudget;
  private requests = 0;
  private closed = false;

  private constructor(init: {
    info: ModelInfo;
    model: LlamaModel;
    context: LlamaContext;
    vocabulary: GgufVocabulary | undefined;
    samplerMemory: SamplerMemoryBudget;
  }) {
    this.info = init.info;
    this.samplerMemory = init.samplerMemory;
    this.model = init.model;
    this.context = init.context;
    this.vocabulary = init.vocabulary;
    this.loop = new DecodeLoop({
      slots: Array.from(
        { length: init.context.totalSequences },
        (_, index) => new SequenceSlot(init.context.getSequence(), index),
      ),
      contextSize: init.info.contextSize,
      defaultStopTokens: init.info.endOfGeneration,
      tokenBytes: (token) => this.tokenBytes(token),
      onStepped: (calls) => this.samplerMemory.charge(calls),
    });
  }

  static async load(options: LlamaCppModelOptions): Promise<LlamaCppLanguageModel> {
    const { modelPath } = options;
    if (!existsSync(modelPath))
      throw new ModelLoadError({
        modelPath,
        problem: "no such file; export one with exportGguf or give a GGUF path",
      });
    const gguf = await readGguf(modelPath);
    const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
    const llama = await getLlama({
      gpu: options.gpu === true ? "auto" : false,
      build: "never",
      logLevel: LlamaLogLevel.error,
    });
    let model: LlamaModel;
    try {
      model = await llama.loadModel({ modelPath });
    } catch (error) {
      throw new ModelLoadError({
        modelPath,
        problem: `llama.cpp could not load it (${(error as Error).message}); check the file is a complete GGUF for a supported architecture`,
      });
    }
    const kvType = options.kvCache === "f32" ? "F32" : "F16";
    let context: LlamaContext;
    try {
      context = await model.createContext({
        sequences: options.sequences ?? 4,
        contextSize: options.contextSize ?? Math.min(4096, model.trainContextSize),
        threads: options.threads ?? Math.max(1, llama.cpuMathCores - 1),
        ...(options.flashAttention === undefined ? {} : { flashAttention: options.flashAttention }),
        swaFullCache: options.swaFullCache ?? true,
        experimentalKvCacheKeyType: kvType,
        experimentalKvCacheValueType: kvType,
      });
    } catch (error) {
      await model.dispose();
      throw new ModelLoadError({
        modelPath,
        problem: `llama.cpp could not create a context (${(error as Error).message}); lower contextSize or sequences`,
      });
    }
    const tokens = gguf.metadata.get("tokenizer.ggml.tokens");
    const vocabularySize = tokens?.type === "array" ? tokens.value.length : 0;
    const endOfGeneration: TokenId[] = [];
    for (let token = 0; token < vocabularySize; token++)
      if (model.isEogToken(token as Token)) endOfGeneration.push(token);
    const template = gguf.metadata.get("tokenizer.chat_template");
    const info: ModelInfo = {
      id: modelPath,
      contextSize: context.contextSize,
      vocabularySize,
      bos: model.tokens.bos ?? undefined,
      eos: model.tokens.eos ?? undefined,
      endOfGeneration,
      addBos: model.tokens.shouldPrependBosToken,
      chatTemplate: template?.type === "string" ? template.value : undefined,
    };
    const samplerMemory = new SamplerMemoryBudget({
      vocabularySize,
      budgetBytes: options.samplerMemoryBudget ?? DEFAULT_SAMPLER_MEMORY_BUDGET,
    });
    return new LlamaCppLanguageModel({
      info,
      model,
      context,
      vocabulary: GgufVocabulary.fromGguf(gguf),
      samplerMemory,
    });
  }

  async tokenize(text: string, options: TokenizeOptions = {}): Promise<TokenId[]> {
    this.ensureOpen();
    return this.model.tokenize(text, options.specialTokens ?? true);
  }

  async detokenize(tokens: readonly TokenId[], options: DetokenizeOptions = {}): Promise<string> {
    this.ensureOpen();
    const special = options.specialTokens ?? false;
    if (this.vocabulary === undefined) return this.model.detokenize(tokens as Token[], special);
    return new TextDecoder().decode(this.vocabulary.bytes(tokens, special));
  }

  async generate(
    requests: readonly GenerateRequest[],
    options: GenerateOptions = {},
  ): Promise<GenerateResult[]> {
    this.ensureOpen();
    validateRequests(requests, this.info);
    options.signal?.throwIfAborted();
    this.requests += requests.length;
    // One controller per call: the caller's abort or a failed request cancels the call's other requests.
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(options.signal?.reason);
    options.signal?.addEventListener("abort", onAbort, { once: true });
    controller.signal.addEventListener("abort", () => this.loop.cancel(controller.signal), { once: true });
    const queued: QueuedRequest[] = [];
    const results = requests.map(
      (request) =>
        new Promise<GenerateResult>((resolve, reject) => {
          const full = [...request.prompt, ...(request.forced ?? [])];
          queued.push({ request, full, signal: controller.signal, resolve, reject });
        }),
    );
    for (const result of results) result.catch((error: unknown) => controller.abort(error));
    this.loop.submit(queued);
    try {
      return await Promise.all(results);
    } finally {
      options.signal?.removeEventListener("abort", onAbort);
    }
  }

  async clearCache(): Promise<void> {
    this.ensureOpen();
    await this.loop.clear();
  }

  usage(): ModelUsage {
    return { evaluatedTokens: this.loop.evaluatedTokens, ...this.loop.counters, requests: this.requests };
  }

  /** Full garbage collections forced to free sampler memory (see samplerMemoryBudget). */
  get forcedCollections(): number {
    return this.samplerMemory.collections;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.loop.stop(new Error("the model was closed before this request ran"));
    await this.context.dispose();
    await this.model.dispose();
  }

  private tokenBytes(token: TokenId): Uint8Array {
    if (this.vocabulary !== undefined) return this.vocabulary.tokenBytes(token);
    return Buffer.from(this.model.detokenize([token as Token]), "utf8");
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error("this LlamaCppLanguageModel is closed; load the model again");
  }
}
