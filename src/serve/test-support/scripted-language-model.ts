import type {
  GenerateOptions,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  ModelInfo,
  ModelUsage,
  TokenId,
} from "../../backends/language-model.js";
import { validateRequests } from "../../backends/validate-requests.js";

export interface ScriptedLanguageModelOptions {
  /** The completion text for a request, given its prompt as text. */
  reply: (prompt: string, request: GenerateRequest) => string;
  /** Milliseconds each generate call takes. Default 0. */
  delayMs?: number;
  /** Default 4096. */
  contextSize?: number;
  /** Default none: ttpa's tool template renders prompts. */
  chatTemplate?: string;
}

/**
 * A LanguageModel whose tokens are UTF-16 code units and whose answers come from a script, for
 * tests of what surrounds a model (routes, tool-call parsing, predict) where a random tiny model's
 * output would be noise. Id 0 is BOS, 1 is EOS; every generated token has log-probability 0; forced
 * tokens count as prompt.
 */
export class ScriptedLanguageModel implements LanguageModel {
  readonly info: ModelInfo;
  /** Prompts received, as text, in order. */
  readonly prompts: string[] = [];
  private readonly options: ScriptedLanguageModelOptions;
  private generated = 0;
  private requests = 0;

  constructor(options: ScriptedLanguageModelOptions) {
    this.options = options;
    this.info = {
      id: "/models/scripted.gguf",
      contextSize: options.contextSize ?? 4096,
      vocabularySize: 65_536,
      bos: 0,
      eos: 1,
      endOfGeneration: [1],
      addBos: true,
      chatTemplate: options.chatTemplate,
    };
  }

  async tokenize(text: string): Promise<TokenId[]> {
    return Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
  }

  async detokenize(tokens: readonly TokenId[], options: { specialTokens?: boolean } = {}): Promise<string> {
    return tokens
      .filter((token) => token > 1 || options.specialTokens === true)
      .map((token) => (token === 0 ? "<s>" : token === 1 ? "</s>" : String.fromCharCode(token)))
      .join("");
  }

  async generate(
    requests: readonly GenerateRequest[],
    options: GenerateOptions = {},
  ): Promise<GenerateResult[]> {
    validateRequests(requests, this.info);
    this.requests += requests.length;
    if (this.options.delayMs) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, this.options.delayMs);
        options.signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(options.signal?.reason);
        });
      });
    }
    return Promise.all(
      requests.map(async (request) => {
        const prompt = await this.detokenize([...request.prompt, ...(request.forced ?? [])], {
          specialTokens: true,
        });
        this.prompts.push(prompt);
        const text = this.options.reply(prompt, request).slice(0, request.maxTokens);
        const stops = request.stopTokens ?? this.info.endOfGeneration;
        const ends = text.length < request.maxTokens && stops.includes(1);
        const tokens = [...(await this.tokenize(text)), ...(ends ? [1] : [])];
        this.generated += tokens.length;
        return {
          tokens: tokens.map((token) => ({ token, logprob: 0, top: [] })),
          text,
          finishReason: ends ? "stop-token" : "max-tokens",
        };
      }),
    );
  }

  usage(): ModelUsage {
    return { evaluatedTokens: 0, reusedTokens: 0, generatedTokens: this.generated, requests: this.requests };
  }

  async close(): Promise<void> {}
}
