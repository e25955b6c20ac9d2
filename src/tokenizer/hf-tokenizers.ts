import * as library from "@huggingface/tokenizers";

/*
 * Typed access to `@huggingface/tokenizers`. Its .d.ts files re-export with extensionless
 * relative paths, which TypeScript's NodeNext resolution cannot follow, so its classes arrive
 * typed `any` (or missing). These interfaces state the part of the API ttpa relies on.
 */

export interface HfTokenizer {
  encode(text: string, options?: { add_special_tokens?: boolean }): { ids: number[]; tokens: string[] };
  decode(
    ids: number[],
    options?: { skip_special_tokens?: boolean; clean_up_tokenization_spaces?: boolean },
  ): string;
  token_to_id(token: string): number | undefined;
  id_to_token(id: number): string | undefined;
  get_vocab(withAddedTokens?: boolean): Map<string, number>;
  get_added_tokens_decoder(): Map<number, { content: string; special: boolean }>;
}

export interface HfPreTokenizer {
  pre_tokenize_text(text: string): string[];
}

export interface HfByteLevelPreTokenizer extends HfPreTokenizer {
  byte_encoder: Record<number, string>;
}

const typed = library as unknown as {
  Tokenizer: new (tokenizerJson: object, tokenizerConfig: object) => HfTokenizer;
  SplitPreTokenizer: new (config: object) => HfPreTokenizer;
  ByteLevelPreTokenizer: new (config: object) => HfByteLevelPreTokenizer;
};

export const HfTokenizerClass = typed.Tokenizer;
export const HfSplitPreTokenizer = typed.SplitPreTokenizer;
export const HfByteLevelPreTokenizer = typed.ByteLevelPreTokenizer;
