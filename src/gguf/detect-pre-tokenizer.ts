import { CheckpointError } from "./checkpoint-error.js";

/** The `tokenizer.ggml.pre` names this exporter can choose, each with the regex llama.cpp applies for it. */
export type LlamaCppPreTokenizer = "gpt-2" | "llama-bpe" | "qwen2" | "smollm";

const GPT2_REGEX = String.raw`'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)`;

/** tokenizer.json Split regexes as Hugging Face ships them, and the llama.cpp pre-tokenizer that reproduces each. */
const KNOWN_SPLIT_REGEXES: ReadonlyArray<readonly [regex: string, pre: LlamaCppPreTokenizer]> = [
  [
    String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
    "llama-bpe",
  ],
  [
    String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
    "qwen2",
  ],
  [GPT2_REGEX, "gpt-2"],
  [`${GPT2_REGEX}|\\s+`, "gpt-2"],
];

type Json = Record<string, unknown>;

/**
 * Chooses `tokenizer.ggml.pre` from tokenizer.json's pre_tokenizer. llama.cpp does not run the
 * Hugging Face pre-tokenizer: it picks a built-in regex by this name, so the name must be the one
 * whose regex is the tokenizer's, or tokenization silently differs. Unknown shapes are refused.
 */
export function detectPreTokenizer(tokenizer: Json, file: string): LlamaCppPreTokenizer {
  const pre = tokenizer.pre_tokenizer as Json | null | undefined;
  const steps =
    pre?.type === "Sequence" ? ((pre.pretokenizers as Json[] | undefined) ?? []) : pre ? [pre] : [];
  const describe = JSON.stringify(pre ?? null).slice(0, 300);
  const refuse = (why: string): never => {
    throw new CheckpointError({
      file,
      field: "pre_tokenizer",
      problem: `${why} (${describe}); supported: ByteLevel with its GPT-2 regex, Split with the Llama 3 or Qwen2 regex then ByteLevel, Digits then ByteLevel. If you know llama.cpp's name for it, pass it as the 'pre' option`,
    });
  };
  const last = steps[steps.length - 1];
  if (last?.type !== "ByteLevel") return refuse("it does not end with a ByteLevel step");
  if (last.add_prefix_space === true)
    return refuse("ByteLevel add_prefix_space is true, which llama.cpp does not do");
  const usesRegex = last.use_regex !== false;
  const before = steps.slice(0, -1);
  if (before.length === 0 && usesRegex) return "gpt-2";
  if (
    before.length === 1 &&
    usesRegex &&
    before[0]?.type === "Digits" &&
    before[0].individual_digits === true
  )
    return "smollm";
  if (before.length === 1 && !usesRegex && before[0]?.type === "Split") {
    const split = before[0];
    const regex = (split.pattern as Json | undefined)?.Regex;
    if (split.behavior !== "Isolated" || split.invert === true)
      return refuse("the Split step is not Isolated and non-inverted");
    const known = KNOWN_SPLIT_REGEXES.find(([candidate]) => candidate === regex);
    if (known !== undefined) return known[1];
    return refuse("its Split regex is not one llama.cpp has built in");
  }
  return refuse("this sequence of pre-tokenizer steps has no llama.cpp equivalent here");
}
