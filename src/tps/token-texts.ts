import type { LanguageModel, TokenId } from "../backends/language-model.js";
import { classRank, type TokenClass } from "./token-class.js";

/** A token's characters in the completion text: [start, end), empty for tokens with no text. */
export type Span = readonly [number, number];

/**
 * Maps generated tokens to their characters in the completion text. Token texts are cached for the
 * run (a vocabulary is fixed), so after warm-up a completion costs no backend calls; when a
 * character is split across tokens (multi-byte UTF-8) the per-token texts do not add up and the
 * spans come from detokenizing growing prefixes instead.
 */
export class TokenTexts {
  private readonly model: Pick<LanguageModel, "detokenize">;
  private readonly cache = new Map<TokenId, string>();

  constructor(model: Pick<LanguageModel, "detokenize">) {
    this.model = model;
  }

  async spans(tokens: readonly TokenId[], text: string): Promise<Span[]> {
    const missing = [...new Set(tokens.filter((token) => !this.cache.has(token)))];
    const texts = await Promise.all(missing.map((token) => this.model.detokenize([token])));
    for (const [i, token] of missing.entries()) this.cache.set(token, texts[i] as string);
    const spans: Span[] = [];
    let at = 0;
    let joined = "";
    for (const token of tokens) {
      const piece = this.cache.get(token) as string;
      joined += piece;
      spans.push([Math.min(at, text.length), Math.min(at + piece.length, text.length)]);
      at += piece.length;
    }
    if (joined.startsWith(text) || text.startsWith(joined)) return spans;
    return this.prefixSpans(tokens, text);
  }

  private async prefixSpans(tokens: readonly TokenId[], text: string): Promise<Span[]> {
    const prefixes = await Promise.all(tokens.map((_, i) => this.model.detokenize(tokens.slice(0, i + 1))));
    const spans: Span[] = [];
    let start = 0;
    for (const prefix of prefixes) {
      // A prefix ending inside a character decodes to a replacement character; only what agrees with the text counts.
      let end = 0;
      const limit = Math.min(prefix.length, text.length);
      while (end < limit && prefix[end] === text[end]) end++;
      end = Math.max(end, start);
      spans.push([start, end]);
      start = end;
    }
    return spans;
  }
}

/** Each token's class: the most decisive class among its characters; `structure` for a token with none. */
export function classifyTokens(spans: readonly Span[], characters: readonly TokenClass[]): TokenClass[] {
  return spans.map(([start, end]) => {
    let best: TokenClass = "structure";
    for (let i = start; i < end; i++) {
      const c = characters[i] as TokenClass;
      if (classRank(c) < classRank(best)) best = c;
    }
    return best;
  });
}
