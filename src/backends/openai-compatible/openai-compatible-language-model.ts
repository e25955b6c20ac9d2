import { HttpError } from "../../construct/index.js";
import { InputError } from "../../errors/input-error.js";
import type {
  DetokenizeOptions,
  FinishReason,
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
import { type CompletionChoice, completionBody, parseCompletionResponse } from "./completion-wire.js";
import { discoverModelInfo, tokenIds } from "./discover-model-info.js";
import { EndpointPool } from "./endpoint-pool.js";
import { readModelFolderInfo } from "./model-folder-info.js";
import { RemoteModelError } from "./remote-model-error.js";

export interface OpenAiCompatibleModelOptions {
  /**
   * Base URL of the server (`http://localhost:8000` or `http://localhost:8000/v1`), or several
   * serving the same model: each request goes to the least busy one.
   */
  endpoints: string | readonly string[];
  /** The served model name. Default: the first model the first endpoint lists. */
  model?: string;
  /** Name of the environment variable holding the API key. Default: none, no Authorization header. */
  apiKeyEnv?: string;
  /** Requests in flight per endpoint. Default 8. */
  concurrency?: number;
  /** Per-attempt timeout. Default 300 000 ms. */
  timeoutMs?: number;
  /** Retries after 408/429/5xx, timeouts and network errors. Default 5. */
  maxRetries?: number;
  /** First retry backoff, doubling, with jitter. Default 500 ms. */
  backoffMs?: number;
  /** Jitter source. Default Math.random. */
  random?: () => number;
  /**
   * The model's Hugging Face folder (config.json, tokenizer.json, tokenizer_config.json or
   * chat_template.jinja, generation_config.json): its vocabulary size, chat template and special
   * tokens win over what the server reports and fill what it does not (see readModelFolderInfo).
   * vLLM needs it. Tokenization stays with the server; the folder's tokenizer.json, when there is
   * one, must tokenize a probe text as the server does. Default: none.
   */
  tokenizerDir?: string;
  /**
   * Model facts that win over what the server reports (and over `tokenizerDir`), and fill what it
   * does not: vLLM reports no vocabulary size, chat template or end tokens. Default: none.
   */
  info?: Partial<ModelInfo>;
}

/** Text to compare a `tokenizerDir` tokenizer with the server's: words, digits, spaces, an accent. */
const TOKENIZER_PROBE = "Get the weather in São Paulo for 2026-07-10, then call get_weather(city='Paris').";

/**
 * `LanguageModel` over an OpenAI-compatible server's `POST /v1/completions` with token-id prompts
 * and `logprobs`, as vLLM, llama.cpp's server and `ttpa serve` accept. Forced tokens are appended
 * to the prompt ids. Tokenization goes through the server's `/tokenize` and `/detokenize` (vLLM,
 * llama.cpp's server and ttpa serve all have them), so ids always match the served model's.
 *
 * Differences from the llama.cpp backend, all from the wire: with a forced prefix or a stop token
 * the server does not know, the text is rebuilt with `/detokenize` (one more round trip); a stop
 * string that starts inside the forced text is not seen by vLLM or llama.cpp (ttpa serve sees it);
 * and generation ends with "context-full" one token earlier, since vLLM rejects a `max_tokens`
 * beyond the context.
 */
export class OpenAiCompatibleLanguageModel implements LanguageModel {
  readonly info: ModelInfo;
  /** The `model` sent with every request. */
  readonly modelName: string;
  private readonly pool: EndpointPool;
  private readonly lifetime = new AbortController();
  private readonly counters = { evaluatedTokens: 0, reusedTokens: 0, generatedTokens: 0 };
  private requests = 0;

  private constructor(init: { pool: EndpointPool; name: string; info: ModelInfo }) {
    this.pool = init.pool;
    this.modelName = init.name;
    this.info = init.info;
  }

  /** Connects to the endpoints and reads the model's facts from the first (see discoverModelInfo). */
  static async connect(options: OpenAiCompatibleModelOptions): Promise<OpenAiCompatibleLanguageModel> {
    const urls = typeof options.endpoints === "string" ? [options.endpoints] : [...options.endpoints];
    if (urls.length === 0) throw new InputError("the remote backend needs at least one endpoint URL");
    for (const url of urls) {
      if (!/^https?:\/\/[^/]/.test(url)) throw new InputError(`'${url}' is not an http(s) URL`);
    }
    let apiKey: string | undefined;
    if (options.apiKeyEnv !== undefined) {
      apiKey = process.env[options.apiKeyEnv];
      if (!apiKey) {
        throw new InputError(
          `the API key variable ${options.apiKeyEnv} is not set: export it, or name none for a server without auth`,
        );
      }
    }
    const pool = new EndpointPool({
      urls,
      ...(apiKey === undefined ? {} : { apiKey }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
      ...(options.backoffMs === undefined ? {} : { backoffMs: options.backoffMs }),
      ...(options.random === undefined ? {} : { random: options.random }),
    });
    const folder =
      options.tokenizerDir === undefined ? undefined : await readModelFolderInfo(options.tokenizerDir);
    const overrides = { ...folder?.info, ...options.info };
    try {
      const { name, info } = await discoverModelInfo({
        pool,
        ...(options.model === undefined ? {} : { model: options.model }),
        overrides,
      });
      const model = new OpenAiCompatibleLanguageModel({ pool, name, info });
      if (folder?.tokenizer !== undefined) {
        const local = folder.tokenizer.encode(TOKENIZER_PROBE);
        const served = await model.tokenize(TOKENIZER_PROBE, { specialTokens: false });
        if (local.length !== served.length || local.some((id, i) => served[i] !== id)) {
          throw new InputError(
            `--tokenizer ${options.tokenizerDir}: its tokenizer.json does not tokenize like the model ${name} ` +
              `at ${pool.primary} (${local.length} tokens vs ${served.length} for a probe text); give the served model's folder`,
          );
        }
      }
      return model;
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      const hint =
        error.status === 401 || error.status === 403
          ? "check the API key and --api-key-env"
          : "check the URL and that the server is running";
      throw new InputError(`cannot use ${pool.primary} (${error.message}): ${hint}`);
    }
  }

  /** HTTP attempts made and retries among them, over all endpoints. */
  get httpStats(): { readonly requests: number; readonly retries: number } {
    return { ...this.pool.stats };
  }

  /**
   * Never adds BOS. `specialTokens: false` is honoured by llama.cpp's server and ttpa serve; vLLM's
   * tokenizers always read special-token text as special tokens.
   */
  async tokenize(text: string, options: TokenizeOptions = {}): Promise<TokenId[]> {
    this.ensureOpen();
    const body = await this.pool.post(
      "/tokenize",
      {
        model: this.modelName,
        prompt: text,
        content: text,
        add_special_tokens: false,
        add_special: false,
        parse_special: options.specialTokens ?? true,
      },
      { signal: this.lifetime.signal },
    );
    return tokenIds(body.tokens, `${this.pool.primary}/tokenize`);
  }

  /**
   * `specialTokens` travels as `skip_special_tokens`, which ttpa serve honours; vLLM's and
   * llama.cpp's `/detokenize` render special tokens as text whatever it says.
   */
  async detokenize(tokens: readonly TokenId[], options: DetokenizeOptions = {}): Promise<string> {
    this.ensureOpen();
    return this.detokenizeWith(tokens, options.specialTokens ?? false, this.lifetime.signal);
  }

  async generate(
    requests: readonly GenerateRequest[],
    options: GenerateOptions = {},
  ): Promise<GenerateResult[]> {
    this.ensureOpen();
    validateRequests(requests, this.info);
    options.signal?.throwIfAborted();
    this.requests += requests.length;
    // One controller per call: a failed request cancels the call's others, as in the llama.cpp backend.
    const call = new AbortController();
    const signals = [call.signal, this.lifetime.signal, ...(options.signal ? [options.signal] : [])];
    const signal = AbortSignal.any(signals);
    return Promise.all(
      requests.map((request) =>
        this.generateOne(request, signal).catch((error: unknown) => {
          call.abort(error);
          throw error;
        }),
      ),
    );
  }

  usage(): ModelUsage {
    return { ...this.counters, requests: this.requests };
  }

  /** Cancels requests in flight; the servers are left running. */
  async close(): Promise<void> {
    this.lifetime.abort(new Error("the remote model was closed before this request finished"));
  }

  private async generateOne(request: GenerateRequest, signal: AbortSignal): Promise<GenerateResult> {
    const forced = request.forced ?? [];
    const fullLength = request.prompt.length + forced.length;
    // vLLM rejects prompt + max_tokens beyond its context, so only the room left is asked for.
    const maxTokens = Math.min(request.maxTokens, this.info.contextSize - fullLength);
    if (maxTokens <= 0) {
      return {
        tokens: [],
        text: forced.length > 0 ? await this.detokenizeWith(forced, false, signal) : "",
        finishReason: request.maxTokens === 0 ? "max-tokens" : "context-full",
      };
    }
    const body = completionBody({ request, model: this.modelName, info: this.info, maxTokens });
    const url = `${this.pool.primary}/v1/completions`;
    const choice = parseCompletionResponse(
      await this.pool.post("/v1/completions", body, { signal }),
      url,
      request.topLogprobs ?? 0,
    );
    this.count(choice, fullLength);

    const stopTokens = new Set(request.stopTokens ?? this.info.endOfGeneration);
    const firstStop = choice.tokens.findIndex((step) => stopTokens.has(step.token));
    // llama.cpp's server knows no stop ids: it may have run past the first one.
    const ranPastStop = firstStop >= 0 && firstStop < choice.tokens.length - 1;
    const tokens = firstStop >= 0 ? choice.tokens.slice(0, firstStop + 1) : choice.tokens;
    let finishReason: FinishReason;
    let stopString = typeof choice.stopReason === "string" ? choice.stopReason : undefined;
    if (firstStop >= 0) finishReason = "stop-token";
    else if (choice.finishReason === "stop") {
      // Without a stop string to blame, the server stopped at an end token it left out of logprobs.
      finishReason =
        stopString !== undefined || (request.stopStrings?.length ?? 0) > 0 ? "stop-string" : "stop-token";
    } else if (choice.finishReason === "length") {
      finishReason =
        maxTokens < request.maxTokens && tokens.length >= maxTokens ? "context-full" : "max-tokens";
    } else {
      throw new RemoteModelError({ url, problem: `unknown finish_reason '${choice.finishReason}'` });
    }

    let text = choice.text;
    if (forced.length > 0 || ranPastStop || (finishReason === "stop-string" && stopString === undefined)) {
      // The server's text covers only what it generated, and knows nothing of a cut made here.
      const generated = tokens.map((step) => step.token).filter((token) => !stopTokens.has(token));
      const [forcedText, full] = await Promise.all([
        forced.length > 0 ? this.detokenizeWith(forced, false, signal) : "",
        this.detokenizeWith([...forced, ...generated], false, signal),
      ]);
      text = full;
      if (finishReason === "stop-string") {
        // A character split across the boundary decodes as U+FFFD in the forced text alone.
        const forcedEnd = forcedText.replace(/\uFFFD+$/, "").length;
        const match = firstStopString(
          full,
          forcedEnd,
          stopString === undefined ? (request.stopStrings ?? []) : [stopString],
        );
        if (match !== undefined) {
          text = full.slice(0, match.index);
          stopString = match.string;
        } else if (stopString === undefined) finishReason = "stop-token";
      }
    }
    return { tokens, text, finishReason, ...(stopString === undefined ? {} : { stopString }) };
  }

  private count(choice: CompletionChoice, fullLength: number): void {
    const prompt = choice.promptTokens ?? fullLength;
    this.counters.reusedTokens += choice.cachedTokens;
    this.counters.evaluatedTokens += prompt - choice.cachedTokens + Math.max(0, choice.tokens.length - 1);
    this.counters.generatedTokens += choice.tokens.length;
  }

  private async detokenizeWith(
    tokens: readonly TokenId[],
    special: boolean,
    signal: AbortSignal,
  ): Promise<string> {
    const body = await this.pool.post(
      "/detokenize",
      { model: this.modelName, tokens: [...tokens], skip_special_tokens: !special },
      { signal },
    );
    // vLLM answers `prompt`, llama.cpp `content`.
    const text = body.prompt ?? body.content;
    if (typeof text !== "string") {
      throw new RemoteModelError({
        url: `${this.pool.primary}/detokenize`,
        problem: "the answer has no text",
      });
    }
    return text;
  }

  private ensureOpen(): void {
    if (this.lifetime.signal.aborted) {
      throw new Error("this OpenAiCompatibleLanguageModel is closed; connect again");
    }
  }
}

/** The stop string the completion hit: the earliest match that ends after the forced text. */
function firstStopString(
  text: string,
  forcedEnd: number,
  stops: readonly string[],
): { string: string; index: number } | undefined {
  let best: { string: string; index: number } | undefined;
  for (const stop of stops) {
    if (stop.length === 0) continue;
    const index = text.indexOf(stop, Math.max(0, forcedEnd - stop.length + 1));
    if (index >= 0 && (best === undefined || index < best.index)) best = { string: stop, index };
  }
  return best;
}
