/**
 * GPT-2's byte-to-character table: every byte gets a printable, non-space character so that a
 * token is a plain string and merges can be written as "left right". Printable Latin-1 bytes map
 * to themselves; the others are shifted to U+0100 and up, in byte order. Every ByteLevel
 * tokenizer (GPT-2, Llama 3, Qwen) and Hugging Face's ByteLevel pre-tokenizer/decoder use it.
 */
function buildByteToChar(): string[] {
  const table: string[] = new Array<string>(256);
  const printable = (byte: number): boolean =>
    (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
  let shifted = 0;
  for (let byte = 0; byte < 256; byte++) {
    table[byte] = String.fromCodePoint(printable(byte) ? byte : 256 + shifted++);
  }
  return table;
}

/** `BYTE_TO_CHAR[b]` is the one-character string that stands for byte `b` in the vocabulary. */
export const BYTE_TO_CHAR: readonly string[] = buildByteToChar();

/**
 * The 256 byte characters in the order Hugging Face's BPE trainer puts them in the vocabulary
 * (sorted by code point, which is also GPT-2's order).
 */
export const BYTE_ALPHABET: readonly string[] = [...BYTE_TO_CHAR].sort(
  (a, b) => a.codePointAt(0)! - b.codePointAt(0)!,
);

const encoder = new TextEncoder();

/** The byte-level form of a text: its UTF-8 bytes, each replaced by its character. */
export function toByteLevel(text: string): string {
  let out = "";
  for (const byte of encoder.encode(text)) out += BYTE_TO_CHAR[byte]!;
  return out;
}
