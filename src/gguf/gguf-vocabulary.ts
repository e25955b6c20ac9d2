import { fromByteLevel } from "./byte-level.js";
import type { GgufFile } from "./gguf-reader.js";

/** llama.cpp token types as GGUF stores them. */
const NORMAL = 1;
const UNKNOWN = 2;
const CONTROL = 3;
const USER_DEFINED = 4;
const BYTE = 6;

/**
 * A GGUF file's vocabulary, decoding token ids to their exact bytes. llama.cpp's own detokenizer
 * applies clean-up rules for some pre-tokenizers (" ." becomes "."), which would change tool-call
 * arguments; decoding bytes here is exact for the byte-level BPE ("gpt2") and SentencePiece
 * ("llama") vocabularies.
 */
export class GgufVocabulary {
  readonly model: string;
  readonly tokens: readonly string[];
  private readonly types: readonly number[];
  private readonly cache = new Map<number, Uint8Array>();

  private constructor(model: string, tokens: readonly string[], types: readonly number[]) {
    this.model = model;
    this.tokens = tokens;
    this.types = types;
  }

  /** Undefined when the file has no vocabulary or one of another kind (BERT, T5, RWKV, ...). */
  static fromGguf(file: GgufFile): GgufVocabulary | undefined {
    const model = file.metadata.get("tokenizer.ggml.model");
    const tokens = file.metadata.get("tokenizer.ggml.tokens");
    const types = file.metadata.get("tokenizer.ggml.token_type");
    if (model?.type !== "string" || (model.value !== "gpt2" && model.value !== "llama")) return undefined;
    if (tokens?.type !== "array" || tokens.itemType !== "string") return undefined;
    const typeList =
      types?.type === "array" && types.itemType === "i32" ? types.value : tokens.value.map(() => NORMAL);
    return new GgufVocabulary(model.value, tokens.value, typeList);
  }

  get size(): number {
    return this.tokens.length;
  }

  /** The bytes a token stands for. Control tokens are empty unless `special`. */
  tokenBytes(token: number, special = false): Uint8Array {
    const type = this.types[token] ?? NORMAL;
    if (type === CONTROL || type === UNKNOWN)
      return special ? Buffer.from(this.tokens[token] ?? "", "utf8") : EMPTY;
    const cached = this.cache.get(token);
    if (cached !== undefined) return cached;
    const bytes = this.decode(this.tokens[token] ?? "", type);
    this.cache.set(token, bytes);
    return bytes;
  }

  /** The bytes of a token sequence, concatenated. */
  bytes(tokens: readonly number[], special = false): Uint8Array {
    return Buffer.concat(tokens.map((token) => this.tokenBytes(token, special)));
  }

  private decode(text: string, type: number): Uint8Array {
    if (type === USER_DEFINED) return Buffer.from(text, "utf8");
    if (this.model === "gpt2")
      return type === NORMAL ? (fromByteLevel(text) ?? Buffer.from(text, "utf8")) : EMPTY;
    if (type === BYTE) {
      const match = /^<0x([0-9A-Fa-f]{2})>$/.exec(text);
      return match ? Uint8Array.of(Number.parseInt(match[1] as string, 16)) : EMPTY;
    }
    return type === NORMAL ? Buffer.from(text.replaceAll("\u2581", " "), "utf8") : EMPTY;
  }
}

const EMPTY = new Uint8Array(0);
