import { CompletionText } from "../../backends/completion-text.js";
import type {
  GeneratedToken,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  ModelInfo,
  ModelUsage,
  TokenId,
  TokenLogprob,
} from "../../backends/language-model.js";
import { TOOL_CHAT_TOKENS } from "../../chat-template/index.js";
import { SeededRandom } from "../../random/seeded-random.js";

/** A completion the model may write, with its weight. */
export interface WeightedCompletion {
  text: string;
  weight: number;
}

const SPECIALS = Object.values(TOOL_CHAT_TOKENS);
// As in ttpa's tokenizer, the call tags are added tokens that are not special: their text always decodes.
const TEXT_TOKENS = new Set<string>([TOOL_CHAT_TOKENS.toolCallStart, TOOL_CHAT_TOKENS.toolCallEnd]);
const CHAR_BASE = 100;
const END = SPECIALS.indexOf(TOOL_CHAT_TOKENS.endOfTurn);

/**
 * A language model for tests whose next-token distribution is a weighted set of completions: the
 * probability of a token after a prefix is the weight of the completions that continue the prefix
 * with it (end-of-turn where a completion ends), normalised. Tokens are ttpa's chat tokens and single
 * characters, so a test can say exactly where alternatives are and what each branch finishes as.
 * The completions may depend on the prompt text.
 */
export class MixtureLanguageModel implements LanguageModel {
  readonly info: ModelInfo = {
    id: "mixture",
    contextSize: 8192,
    vocabularySize: CHAR_BASE + 0x10000,
    bos: SPECIALS.indexOf(TOOL_CHAT_TOKENS.bos),
    eos: END,
    endOfGeneration: [END],
    addBos: false,
    chatTemplate: undefined,
  };
  private readonly completions: (prompt: string) => readonly WeightedCompletion[];
  private counters = { evaluatedTokens: 0, reusedTokens: 0, generatedTokens: 0, requests: 0 };
  /** Every generate call's requests, for tests that check how the sampler asks. */
  readonly calls: GenerateRequest[][] = [];

  constructor(completions: (prompt: string) => readonly WeightedCompletion[]) {
    this.completions = completions;
  }

  async tokenize(text: string): Promise<TokenId[]> {
    const ids: TokenId[] = [];
    let i = 0;
    outer: while (i < text.length) {
      for (const [id, special] of SPECIALS.entries()) {
        if (text.startsWith(special, i)) {
          ids.push(id);
          i += special.length;
          continue outer;
        }
      }
      ids.push(CHAR_BASE + text.charCodeAt(i));
      i++;
    }
    return ids;
  }

  async detokenize(tokens: readonly TokenId[], options: { specialTokens?: boolean } = {}): Promise<string> {
    return tokens
      .map((token) => {
        if (token >= CHAR_BASE) return String.fromCharCode(token - CHAR_BASE);
        const text = SPECIALS[token] ?? "";
        return options.specialTokens || TEXT_TOKENS.has(text) ? text : "";
      })
      .join("");
  }

  async generate(requests: readonly GenerateRequest[]): Promise<GenerateResult[]> {
    this.calls.push([...requests]);
    this.counters.requests += requests.length;
    return Promise.all(requests.map((request) => this.run(request)));
  }

  usage(): ModelUsage {
    return { ...this.counters };
  }

  async close(): Promise<void> {}

  private async run(request: GenerateRequest): Promise<GenerateResult> {
    const prompt = await this.detokenize(request.prompt, { specialTokens: true });
    const options = await Promise.all(
      this.completions(prompt).map(async (c) => ({
        tokens: [...(await this.tokenize(c.text)), END],
        weight: c.weight,
      })),
    );
    const sequence = [...(request.forced ?? [])];
    this.counters.evaluatedTokens += request.prompt.length + sequence.length;
    const text = new CompletionText(request.stopStrings);
    for (const token of sequence) text.appendForced(new TextEncoder().encode(await this.detokenize([token])));
    const stops = new Set(request.stopTokens ?? this.info.endOfGeneration);
    const random = request.sampling ? new SeededRandom(request.sampling.seed) : undefined;
    const generated: GeneratedToken[] = [];
    let finishReason: GenerateResult["finishReason"] = "max-tokens";
    let stopString: string | undefined;
    while (generated.length < request.maxTokens) {
      const distribution = this.distribution(options, sequence, request.sampling?.temperature ?? 1);
      let pick = distribution[0] as TokenLogprob;
      if (random) {
        let u = random.next();
        for (const entry of distribution) {
          u -= Math.exp(entry.logprob);
          pick = entry;
          if (u <= 0) break;
        }
      }
      generated.push({
        token: pick.token,
        logprob: pick.logprob,
        top: distribution.slice(0, request.topLogprobs ?? 0),
      });
      sequence.push(pick.token);
      this.counters.generatedTokens++;
      if (stops.has(pick.token)) {
        finishReason = "stop-token";
        break;
      }
      stopString = text.append(new TextEncoder().encode(await this.detokenize([pick.token])));
      if (stopString !== undefined) {
        finishReason = "stop-string";
        break;
      }
    }
    return { tokens: generated, text: text.finish(), finishReason, ...(stopString ? { stopString } : {}) };
  }

  /** Next-token log-probabilities after `sequence`, most likely first (ties: lower id first). */
  private distribution(
    options: ReadonlyArray<{ tokens: TokenId[]; weight: number }>,
    sequence: readonly TokenId[],
    temperature: number,
  ): TokenLogprob[] {
    const mass = new Map<TokenId, number>();
    for (const option of options) {
      if (option.tokens.length <= sequence.length) continue;
      if (!sequence.every((token, i) => option.tokens[i] === token)) continue;
      const next = option.tokens[sequence.length] as TokenId;
      mass.set(next, (mass.get(next) ?? 0) + option.weight ** (1 / temperature));
    }
    if (mass.size === 0) return [{ token: END, logprob: 0 }];
    const total = [...mass.values()].reduce((a, b) => a + b, 0);
    return [...mass]
      .map(([token, weight]) => ({ token, logprob: Math.log(weight / total) }))
      .sort((a, b) => b.logprob - a.logprob || a.token - b.token);
  }
}
