/**
 * Llama 3's split pattern, as written in tokenizer.json (Oniguruma syntax, which the Rust
 * `tokenizers` crate compiles). Chosen over GPT-2's because it keeps numbers to at most three
 * digits per piece and keeps newlines together, and because llama.cpp knows it (`llama-bpe`
 * pre-tokenizer), so a GGUF of the model tokenizes the same way.
 */
export const PRE_TOKENIZER_PATTERN =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

/**
 * The same pattern in JavaScript, spelled as `@huggingface/tokenizers` translates it: Oniguruma's
 * `\s` is Unicode White_Space (JavaScript's `\s` differs on U+0085 and U+FEFF) and the inline
 * case-insensitive group becomes explicit classes. A test checks the two split texts identically.
 */
const SPLIT_REGEX =
  /(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\p{White_Space}\p{L}\p{N}]+[\r\n]*|\p{White_Space}*[\r\n]+|\p{White_Space}+(?!\P{White_Space})|\p{White_Space}+/gu;

/**
 * Splits text into pre-tokens the way the tokenizer.json `Split` (behavior "Isolated") does:
 * every match is a piece, and so is any text between matches. BPE never merges across pieces.
 */
export function preTokenize(text: string): string[] {
  const pieces: string[] = [];
  let last = 0;
  for (const match of text.matchAll(SPLIT_REGEX)) {
    const start = match.index;
    if (start > last) pieces.push(text.slice(last, start));
    if (match[0].length > 0) pieces.push(match[0]);
    last = start + match[0].length;
  }
  if (last < text.length) pieces.push(text.slice(last));
  return pieces;
}

/**
 * A function that cuts text at every occurrence of the given tokens, leftmost-longest first, as
 * a tokenizer does with added tokens before pre-tokenizing. Pieces come back in order, flagged.
 */
export function tokenSplitter(
  tokens: readonly string[],
): (text: string) => { text: string; isToken: boolean }[] {
  const nonEmpty = tokens.filter((token) => token.length > 0);
  if (nonEmpty.length === 0) return (text) => (text.length > 0 ? [{ text, isToken: false }] : []);
  const escaped = [...nonEmpty]
    .sort((a, b) => b.length - a.length)
    .map((token) => token.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
  const regex = new RegExp(escaped.join("|"), "gu");
  return (text) => {
    const pieces: { text: string; isToken: boolean }[] = [];
    let last = 0;
    for (const match of text.matchAll(regex)) {
      if (match.index > last) pieces.push({ text: text.slice(last, match.index), isToken: false });
      pieces.push({ text: match[0], isToken: true });
      last = match.index + match[0].length;
    }
    if (last < text.length) pieces.push({ text: text.slice(last), isToken: false });
    return pieces;
  };
}
