import { CheckpointError } from "./checkpoint-error.js";
import { detectPreTokenizer, type LlamaCppPreTokenizer } from "./detect-pre-tokenizer.js";
import { type GgufValue, gguf } from "./gguf-value.js";
import type { LlamaConfig } from "./llama-config.js";

type Json = Record<string, unknown>;

/** llama.cpp's token types (llama_token_type). */
export const TOKEN_TYPE = { normal: 1, unknown: 2, control: 3, userDefined: 4, unused: 5, byte: 6 } as const;

interface AddedToken {
  id: number;
  content: string;
  special: boolean;
}

export interface BpeTokenizerMetadataOptions {
  tokenizer: Json;
  tokenizerConfig: Json;
  config: LlamaConfig;
  /** Rows of the embedding matrix: the GGUF vocabulary has exactly this many entries. */
  vocabRows: number;
  /** Override for `tokenizer.ggml.pre`; default: detected from the pre_tokenizer. */
  pre?: string;
  chatTemplate: string | undefined;
  /** For error messages. */
  file: string;
}

/**
 * GGUF tokenizer metadata for a byte-level BPE tokenizer.json (`tokenizer.ggml.model = "gpt2"`),
 * following llama.cpp's converter: vocabulary padded to the embedding rows with unused `[PADn]`
 * tokens, added special tokens as CONTROL, other added tokens as USER_DEFINED, merges as "a b".
 */
export function bpeTokenizerMetadata(options: BpeTokenizerMetadataOptions): Map<string, GgufValue> {
  const { tokenizer, tokenizerConfig, file } = options;
  const model = tokenizer.model as Json | undefined;
  if (model?.type !== "BPE") {
    throw new CheckpointError({
      file,
      field: "model.type",
      problem: `${JSON.stringify(model?.type)} is not BPE; only byte-level BPE tokenizers are exported`,
    });
  }
  if (model.byte_fallback === true) {
    throw new CheckpointError({
      file,
      field: "model.byte_fallback",
      problem: "SentencePiece-style (byte_fallback) BPE is not supported yet; only byte-level BPE is",
    });
  }
  const normalizer = tokenizer.normalizer as Json | null | undefined;
  if (normalizer != null && normalizer.type !== "NFC") {
    throw new CheckpointError({
      file,
      field: "normalizer",
      problem: `${JSON.stringify(normalizer.type)} has no llama.cpp equivalent (none and NFC are accepted)`,
    });
  }
  const pre: LlamaCppPreTokenizer | string = options.pre ?? detectPreTokenizer(tokenizer, file);

  const texts = new Map<number, { text: string; type: number }>();
  for (const [text, id] of Object.entries((model.vocab as Record<string, number> | undefined) ?? {})) {
    texts.set(id, { text, type: TOKEN_TYPE.normal });
  }
  const added = ((tokenizer.added_tokens as AddedToken[] | undefined) ?? []).map((token) => ({ ...token }));
  for (const token of added) {
    const special = token.special || looksSpecial(token.content);
    texts.set(token.id, { text: token.content, type: special ? TOKEN_TYPE.control : TOKEN_TYPE.userDefined });
  }
  const tokens: string[] = [];
  const types: number[] = [];
  for (let id = 0; id < options.vocabRows; id++) {
    const entry = texts.get(id);
    tokens.push(entry?.text ?? `[PAD${id}]`);
    types.push(entry?.type ?? TOKEN_TYPE.unused);
  }
  const beyond = [...texts.keys()].filter((id) => id >= options.vocabRows);
  if (beyond.length > 0) {
    throw new CheckpointError({
      file,
      field: "model.vocab",
      problem: `token id ${Math.max(...beyond)} is beyond the embedding's ${options.vocabRows} rows; the tokenizer does not belong to these weights`,
    });
  }
  const seen = new Map<string, number>();
  tokens.forEach((text, id) => {
    const earlier = seen.get(text);
    // llama.cpp aborts the whole process on a duplicate token text, so refuse it here.
    if (earlier !== undefined) {
      throw new CheckpointError({
        file,
        field: "added_tokens",
        problem: `token text ${JSON.stringify(text)} has two ids, ${earlier} and ${id}; an added token must reuse the vocabulary id of the same text`,
      });
    }
    seen.set(text, id);
  });
  const merges = ((model.merges as Array<string | [string, string]> | undefined) ?? []).map((merge) =>
    typeof merge === "string" ? merge : `${merge[0]} ${merge[1]}`,
  );

  const idOf = new Map(tokens.map((text, id) => [text, id]));
  const specialId = (field: string): number | undefined => {
    const value = tokenizerConfig[field];
    const text = typeof value === "string" ? value : (value as Json | null | undefined)?.content;
    if (typeof text !== "string") return undefined;
    const id = idOf.get(text);
    if (id === undefined)
      throw new CheckpointError({
        file,
        field,
        problem: `token ${JSON.stringify(text)} is not in the vocabulary`,
      });
    return id;
  };
  const bos = specialId("bos_token") ?? options.config.bosTokenId;
  const eos = specialId("eos_token") ?? options.config.eosTokenIds[0];
  const pad = specialId("pad_token");
  const unk = specialId("unk_token");
  const addBos =
    typeof tokenizerConfig.add_bos_token === "boolean"
      ? tokenizerConfig.add_bos_token
      : templateAdds(tokenizer, "first", bos);
  const addEos =
    typeof tokenizerConfig.add_eos_token === "boolean"
      ? tokenizerConfig.add_eos_token
      : templateAdds(tokenizer, "last", eos);

  const metadata = new Map<string, GgufValue>([
    ["tokenizer.ggml.model", gguf.string("gpt2")],
    ["tokenizer.ggml.pre", gguf.string(pre)],
    ["tokenizer.ggml.tokens", gguf.strings(tokens)],
    ["tokenizer.ggml.token_type", gguf.i32s(types)],
    ["tokenizer.ggml.merges", gguf.strings(merges)],
  ]);
  if (bos !== undefined) metadata.set("tokenizer.ggml.bos_token_id", gguf.u32(bos));
  if (eos !== undefined) metadata.set("tokenizer.ggml.eos_token_id", gguf.u32(eos));
  if (unk !== undefined) metadata.set("tokenizer.ggml.unknown_token_id", gguf.u32(unk));
  if (pad !== undefined) metadata.set("tokenizer.ggml.padding_token_id", gguf.u32(pad));
  // Written even when false: llama.cpp defaults add_bos to true for some pre-tokenizers (llama-bpe).
  metadata.set("tokenizer.ggml.add_bos_token", gguf.bool(addBos && bos !== undefined));
  metadata.set("tokenizer.ggml.add_eos_token", gguf.bool(addEos && eos !== undefined));
  if (options.chatTemplate !== undefined)
    metadata.set("tokenizer.chat_template", gguf.string(options.chatTemplate));
  return metadata;
}

/** The same test as llama.cpp's converter (does_token_look_special) for added tokens not flagged special. */
function looksSpecial(text: string): boolean {
  return (
    ["<pad>", "<mask>", "<2mass>", "[@BOS@]"].includes(text) ||
    (text.startsWith("<|") && text.endsWith("|>")) ||
    (text.startsWith("<｜") && text.endsWith("｜>")) ||
    (text.startsWith("<start_of_") && text.endsWith(">")) ||
    (text.startsWith("<end_of_") && text.endsWith(">"))
  );
}

/** Whether the post-processor's single-sequence template starts (or ends) with the given special token. */
function templateAdds(tokenizer: Json, where: "first" | "last", id: number | undefined): boolean {
  if (id === undefined) return false;
  const processor = tokenizer.post_processor as Json | null | undefined;
  const processors =
    processor?.type === "Sequence"
      ? ((processor.processors as Json[] | undefined) ?? [])
      : processor
        ? [processor]
        : [];
  for (const step of processors) {
    if (step.type !== "TemplateProcessing") continue;
    const single = (step.single as Json[] | undefined) ?? [];
    const item = where === "first" ? single[0] : single[single.length - 1];
    const special = item?.SpecialToken as Json | undefined;
    if (special === undefined) continue;
    const ids = ((step.special_tokens as Json | undefined)?.[special.id as string] as Json | undefined)?.ids;
    if (Array.isArray(ids) && ids.includes(id)) return true;
  }
  return false;
}
