/**
 * GPT-2's byte-to-character table: byte-level BPE vocabularies spell every byte as one printable
 * character (space is "Ġ", newline "Ċ"), so token texts in tokenizer.json and GGUF use it.
 */
function buildByteTables(): { byteToChar: string[]; charToByte: Map<string, number> } {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const byteToChar: string[] = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    byteToChar[b] = String.fromCodePoint(printable.includes(b) ? b : 256 + extra++);
  }
  const charToByte = new Map(byteToChar.map((char, byte) => [char, byte]));
  return { byteToChar, charToByte };
}

const tables = buildByteTables();

/** The character that stands for `byte` in byte-level BPE token texts. */
export function byteLevelChar(byte: number): string {
  return tables.byteToChar[byte] as string;
}

/** Byte-level encoding of a string: its UTF-8 bytes, each as its stand-in character. */
export function toByteLevel(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) out += tables.byteToChar[byte];
  return out;
}

/** The bytes a byte-level token text stands for; undefined when a character is outside the table. */
export function fromByteLevel(tokenText: string): Uint8Array | undefined {
  const out: number[] = [];
  for (const char of tokenText) {
    const byte = tables.charToByte.get(char);
    if (byte === undefined) return undefined;
    out.push(byte);
  }
  return Uint8Array.from(out);
}
