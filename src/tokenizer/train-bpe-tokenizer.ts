import { BYTE_ALPHABET, toByteLevel } from "./byte-level.js";
import { learnBpeMerges } from "./learn-bpe-merges.js";
import { PRE_TOKENIZER_PATTERN, preTokenize, tokenSplitter } from "./pre-tokenize.js";
import type { AddedTokenJson, TokenizerConfigJson, TokenizerJson } from "./tokenizer-json.js";

/** A token added on top of the learned vocabulary, always encoded as one id. */
export interface AddedTokenSpec {
  content: string;
  /**
   * Default true. Special tokens are dropped when decoding with skip_special_tokens; mark a token
   * not special (like `<tool_call>`) when its text must survive in a server's decoded output.
   */
  special?: boolean;
}

export interface TrainBpeTokenizerOptions {
  /** The corpus. Occurrences of the added tokens in it are cut out before counting. */
  texts: Iterable<string>;
  /** Total vocabulary size: added tokens + 256 bytes + merges. A small corpus may give fewer. */
  vocabSize: number;
  /** Tokens that get the first ids, in this order. Default none. */
  specialTokens?: readonly (string | AddedTokenSpec)[];
  /** Must be one of the special tokens when given. */
  bosToken?: string;
  /** Must be one of the special tokens when given; generation stops on it. */
  eosToken?: string;
  /** Must be one of the special tokens when given. */
  padToken?: string;
  /** Jinja chat template stored in tokenizer_config.json. Default none. */
  chatTemplate?: string;
  /** A pair seen fewer times than this is never merged. Default 2. */
  minFrequency?: number;
  /** `model_max_length` in tokenizer_config.json. Default 2048. */
  modelMaxLength?: number;
}

export interface TrainedTokenizer {
  tokenizerJson: TokenizerJson;
  tokenizerConfig: TokenizerConfigJson;
  /**
   * The trainer's own ids for a text whose words all occurred in the corpus: for parity checks
   * against the library that tokenizes at run time. Throws on a word not seen in training.
   */
  encodeSeen(text: string): number[];
  stats: { uniqueWords: number; merges: number; vocabSize: number; seconds: number };
}

/**
 * Trains a byte-level BPE tokenizer (Llama 3 pre-tokenizer, GPT-2 byte alphabet) and returns
 * Hugging Face's tokenizer.json and tokenizer_config.json. Same corpus and options give the
 * same files, byte for byte.
 */
export function trainBpeTokenizer(options: TrainBpeTokenizerOptions): TrainedTokenizer {
  const started = performance.now();
  const added: Required<AddedTokenSpec>[] = (options.specialTokens ?? []).map((spec) =>
    typeof spec === "string" ? { content: spec, special: true } : { special: true, ...spec },
  );
  const addedContents = added.map((token) => token.content);
  checkAddedTokens(options, added);
  const minSymbols = BYTE_ALPHABET.length + added.length;
  if (!Number.isInteger(options.vocabSize) || options.vocabSize < minSymbols) {
    throw new RangeError(`vocabSize must be an integer >= ${minSymbols} (256 bytes + added tokens)`);
  }

  const splitAddedTokens = tokenSplitter(addedContents);
  const rawCounts = new Map<string, number>();
  for (const text of options.texts) {
    for (const piece of splitAddedTokens(text)) {
      if (piece.isToken) continue;
      for (const word of preTokenize(piece.text)) rawCounts.set(word, (rawCounts.get(word) ?? 0) + 1);
    }
  }
  const words = new Map<string, number>();
  for (const [word, count] of rawCounts) words.set(toByteLevel(word), count);

  const learned = learnBpeMerges({
    words,
    alphabet: BYTE_ALPHABET,
    maxSymbols: options.vocabSize - added.length,
    minFrequency: options.minFrequency ?? 2,
  });

  // No prototype: a learned token may well be "__proto__" or "constructor".
  const vocab: Record<string, number> = Object.create(null);
  added.forEach((token, id) => {
    vocab[token.content] = id;
  });
  learned.symbols.forEach((symbol, id) => {
    if (Object.hasOwn(vocab, symbol)) throw new Error(`learned token ${symbol} collides with an added token`);
    vocab[symbol] = added.length + id;
  });
  const addedTokens: AddedTokenJson[] = added.map((token, id) => ({
    id,
    content: token.content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: token.special,
  }));

  const tokenizerJson: TokenizerJson = {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: addedTokens,
    normalizer: null,
    pre_tokenizer: {
      type: "Sequence",
      pretokenizers: [
        { type: "Split", pattern: { Regex: PRE_TOKENIZER_PATTERN }, behavior: "Isolated", invert: false },
        { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: null,
    decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: "BPE",
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: learned.merges.map(([left, right]) => `${learned.symbols[left]} ${learned.symbols[right]}`),
    },
  };

  const namedTokens = new Set([options.bosToken, options.eosToken, options.padToken]);
  const tokenizerConfig: TokenizerConfigJson = {
    added_tokens_decoder: Object.fromEntries(addedTokens.map(({ id, ...rest }) => [String(id), rest])),
    additional_special_tokens: added
      .filter((token) => token.special && !namedTokens.has(token.content))
      .map((token) => token.content),
    bos_token: options.bosToken ?? null,
    eos_token: options.eosToken ?? null,
    pad_token: options.padToken ?? null,
    ...(options.chatTemplate === undefined ? {} : { chat_template: options.chatTemplate }),
    clean_up_tokenization_spaces: false,
    model_input_names: ["input_ids", "attention_mask"],
    model_max_length: options.modelMaxLength ?? 2048,
    tokenizer_class: "PreTrainedTokenizerFast",
  };

  const addedIds = new Map(addedContents.map((content, id) => [content, id]));
  const encodeSeen = (text: string): number[] => {
    const ids: number[] = [];
    for (const piece of splitAddedTokens(text)) {
      if (piece.isToken) {
        ids.push(addedIds.get(piece.text)!);
        continue;
      }
      for (const word of preTokenize(piece.text)) {
        const symbols = learned.segmentations.get(toByteLevel(word));
        if (!symbols) throw new Error(`word ${JSON.stringify(word)} was not in the training corpus`);
        for (const symbol of symbols) ids.push(added.length + symbol);
      }
    }
    return ids;
  };

  return {
    tokenizerJson,
    tokenizerConfig,
    encodeSeen,
    stats: {
      uniqueWords: words.size,
      merges: learned.merges.length,
      vocabSize: added.length + learned.symbols.length,
      seconds: (performance.now() - started) / 1000,
    },
  };
}

function checkAddedTokens(options: TrainBpeTokenizerOptions, added: Required<AddedTokenSpec>[]): void {
  const seen = new Set<string>();
  for (const token of added) {
    if (token.content.length === 0) throw new Error("an added token cannot be empty");
    if (seen.has(token.content)) throw new Error(`added token ${token.content} is listed twice`);
    seen.add(token.content);
  }
  for (const [field, value] of [
    ["bosToken", options.bosToken],
    ["eosToken", options.eosToken],
    ["padToken", options.padToken],
  ] as const) {
    if (value !== undefined && !added.some((token) => token.content === value && token.special)) {
      throw new Error(`${field} ${value} must be one of the special tokens`);
    }
  }
}
