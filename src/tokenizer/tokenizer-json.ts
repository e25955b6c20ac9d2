/** One entry of `added_tokens` in tokenizer.json. */
export interface AddedTokenJson {
  id: number;
  content: string;
  single_word: boolean;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  /** Special tokens are dropped by `decode(..., skip_special_tokens)`; others are kept. */
  special: boolean;
}

/** The part of Hugging Face's tokenizer.json that a byte-level BPE tokenizer uses. */
export interface TokenizerJson {
  version: "1.0";
  truncation: null;
  padding: null;
  added_tokens: AddedTokenJson[];
  normalizer: null;
  pre_tokenizer: { type: string; [key: string]: unknown } | null;
  post_processor: { type: string; [key: string]: unknown } | null;
  decoder: { type: string; [key: string]: unknown } | null;
  model: {
    type: "BPE";
    dropout: null;
    unk_token: null;
    continuing_subword_prefix: null;
    end_of_word_suffix: null;
    fuse_unk: boolean;
    byte_fallback: boolean;
    ignore_merges: boolean;
    vocab: Record<string, number>;
    /** "left right", in rank order; byte-level tokens never contain a space. */
    merges: string[];
  };
}

/** Hugging Face's tokenizer_config.json, the fields ttpa writes and reads. */
export interface TokenizerConfigJson {
  added_tokens_decoder: Record<string, Omit<AddedTokenJson, "id">>;
  additional_special_tokens?: string[];
  bos_token: string | null;
  eos_token: string | null;
  pad_token: string | null;
  unk_token?: string | null;
  chat_template?: string;
  /** False: decoding must give back the exact text, not GPT-2's " ." → "." clean-up. */
  clean_up_tokenization_spaces: boolean;
  model_input_names: string[];
  model_max_length: number;
  tokenizer_class: string;
  [key: string]: unknown;
}
