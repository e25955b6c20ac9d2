import { byteLevelChar, toByteLevel } from "../byte-level.js";

/** Which Hugging Face pre-tokenizer the tiny tokenizer uses (and so which llama.cpp `pre` it needs). */
export type TinyPreTokenizer = "llama-bpe" | "gpt-2" | "qwen2" | "smollm";

export const LLAMA3_SPLIT_REGEX = String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`;
export const QWEN2_SPLIT_REGEX = LLAMA3_SPLIT_REGEX.replace(String.raw`\p{N}{1,3}`, String.raw`\p{N}`);

const TRAINING_CORPUS = `The weather in Paris is sunny today, and the weather in Berlin is rainy.
{"name": "get_weather", "arguments": {"city": "Paris", "days": 3}}
{"name": "search_flights", "arguments": {"from": "SFO", "to": "JFK", "date": "2024-05-01"}}
Hello world! The quick brown fox jumps over the lazy dog. It's a test; we'll see what they've done, I'm sure.
def get_weather(city: str, days: int = 1) -> dict:
    return {"city": city, "days": days}
Numbers: 1234567, 2024, 3.14159, 1,000,000 and 42 or 007; 12 123 1234 12345 234 2345 4567 45678 567.
\t\tindented\t(with tabs)   and   runs   of   spaces\n\n
the the the and and of of to to in in is is weather weather name name arguments arguments`;

export interface TinyTokenizerFiles {
  readonly tokenizerJson: Record<string, unknown>;
  readonly tokenizerConfig: Record<string, unknown>;
  /** Vocabulary size including added tokens. */
  readonly size: number;
  readonly specialTokens: Readonly<
    Record<"bos" | "eos" | "pad" | "imStart", { id: number; content: string }>
  >;
}

/**
 * A small byte-level BPE tokenizer in Hugging Face's tokenizer.json format: 256 byte tokens, merges
 * learned by plain BPE on a tiny built-in corpus (deterministic), then added tokens — four special
 * ones and one ordinary added token ("<tool_call>", which llama.cpp must keep whole too).
 */
export function buildTinyTokenizer(options: { pre: TinyPreTokenizer; merges: number }): TinyTokenizerFiles {
  const vocab = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) vocab.set(byteLevelChar(byte), byte);
  const merges = learnMerges(TRAINING_CORPUS, options.merges);
  for (const [left, right] of merges) {
    const merged = left + right;
    if (!vocab.has(merged)) vocab.set(merged, vocab.size);
  }
  const addedContents = ["<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>", "<|im_start|>", "<tool_call>"];
  const added = addedContents.map((content, index) => ({
    id: vocab.size + index,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: content.startsWith("<|"),
  }));
  const preTokenizer = tinyPreTokenizer(options.pre);
  const bos = added[0] as (typeof added)[number];
  const tokenizerJson = {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: null,
    pre_tokenizer: preTokenizer,
    post_processor: {
      type: "TemplateProcessing",
      single: [{ SpecialToken: { id: bos.content, type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }],
      pair: [
        { SpecialToken: { id: bos.content, type_id: 0 } },
        { Sequence: { id: "A", type_id: 0 } },
        { Sequence: { id: "B", type_id: 1 } },
      ],
      special_tokens: { [bos.content]: { id: bos.content, ids: [bos.id], tokens: [bos.content] } },
    },
    decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: "BPE",
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      // llama.cpp's llama-bpe pre-tokenizer takes whole words found in the vocabulary, as Llama 3's tokenizer.json asks.
      ignore_merges: options.pre === "llama-bpe",
      vocab: Object.fromEntries(vocab),
      merges: merges.map(([left, right]) => `${left} ${right}`),
    },
  };
  const tokenizerConfig = {
    add_bos_token: true,
    add_eos_token: false,
    bos_token: "<|begin_of_text|>",
    eos_token: "<|eot_id|>",
    pad_token: "<|end_of_text|>",
    clean_up_tokenization_spaces: false,
    model_max_length: 512,
    tokenizer_class: "PreTrainedTokenizerFast",
    chat_template:
      "{{ bos_token }}{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|eot_id|>' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}",
  };
  const idOf = (content: string): { id: number; content: string } => ({
    id: added.find((token) => token.content === content)?.id ?? -1,
    content,
  });
  return {
    tokenizerJson,
    tokenizerConfig,
    size: vocab.size + added.length,
    specialTokens: {
      bos: idOf("<|begin_of_text|>"),
      eos: idOf("<|eot_id|>"),
      pad: idOf("<|end_of_text|>"),
      imStart: idOf("<|im_start|>"),
    },
  };
}

/** The pre_tokenizer section each variant has in real tokenizer.json files (GPT-2, Llama 3, Qwen2, SmolLM). */
function tinyPreTokenizer(pre: TinyPreTokenizer): Record<string, unknown> {
  const byteLevel = (useRegex: boolean) => ({
    type: "ByteLevel",
    add_prefix_space: false,
    trim_offsets: true,
    use_regex: useRegex,
  });
  const split = (regex: string) => ({
    type: "Split",
    pattern: { Regex: regex },
    behavior: "Isolated",
    invert: false,
  });
  switch (pre) {
    case "gpt-2":
      return byteLevel(true);
    case "smollm":
      return {
        type: "Sequence",
        pretokenizers: [{ type: "Digits", individual_digits: true }, byteLevel(true)],
      };
    case "qwen2":
      return { type: "Sequence", pretokenizers: [split(QWEN2_SPLIT_REGEX), byteLevel(false)] };
    case "llama-bpe":
      return { type: "Sequence", pretokenizers: [split(LLAMA3_SPLIT_REGEX), byteLevel(false)] };
  }
}

/**
 * Plain BPE training: repeatedly merge the most frequent adjacent pair (ties broken by text, for
 * determinism). It learns on whole lines, not on pre-tokenized words, so some merges cross the
 * boundaries a pre-tokenizer draws (digit groups, contractions, spaces): only the right
 * pre-tokenizer keeps them from applying, which makes a tokenizer parity test sensitive to it.
 */
function learnMerges(corpus: string, count: number): Array<[string, string]> {
  const words = new Map<string, number>();
  for (const match of corpus.matchAll(/[^\n]*\n?/g)) {
    if (match[0] === "") continue;
    const word = toByteLevel(match[0]);
    words.set(word, (words.get(word) ?? 0) + 1);
  }
  const symbols = [...words].map(([word, frequency]) => ({ parts: [...word], frequency }));
  const merges: Array<[string, string]> = [];
  while (merges.length < count) {
    const pairs = new Map<string, { pair: [string, string]; frequency: number }>();
    for (const { parts, frequency } of symbols) {
      for (let i = 0; i + 1 < parts.length; i++) {
        const pair: [string, string] = [parts[i] as string, parts[i + 1] as string];
        const key = `${pair[0]}\u0000${pair[1]}`;
        const entry = pairs.get(key) ?? { pair, frequency: 0 };
        entry.frequency += frequency;
        pairs.set(key, entry);
      }
    }
    const best = [...pairs.entries()].sort(
      (a, b) => b[1].frequency - a[1].frequency || (a[0] < b[0] ? -1 : 1),
    )[0];
    if (best === undefined) break;
    const [left, right] = best[1].pair;
    merges.push([left, right]);
    for (const word of symbols) {
      const merged: string[] = [];
      for (let i = 0; i < word.parts.length; i++) {
        if (word.parts[i] === left && word.parts[i + 1] === right) {
          merged.push(left + right);
          i++;
        } else merged.push(word.parts[i] as string);
      }
      word.parts = merged;
    }
  }
  return merges;
}
