import type { TextTokenizer } from "../tokenizer/index.js";

/** Consecutive tokens shown as one piece: one token, or the few that together spell one character. */
export interface TokenPiece {
  /** Index of the piece's first token in the line. */
  start: number;
  ids: number[];
  text: string;
}

/** A text as the run's tokenizer cuts it, and the token where it leaves the text it is compared with. */
export interface TokenLine {
  pieces: TokenPiece[];
  /** Number of tokens. */
  tokens: number;
  /** Index of the first token that differs from the compared line; undefined when none does. */
  divergence: number | undefined;
}

/** The most tokens one piece may join while a character split across tokens is being completed. */
const MAX_JOINED = 4;

/**
 * Decodes token ids piece by piece, so every token's text can be shown. A byte-level token that
 * holds part of a multi-byte character decodes to U+FFFD on its own; it is joined with the next
 * tokens until the character is whole, so the pieces spell the decoded text.
 */
export function tokenLine(
  tokenizer: TextTokenizer,
  ids: readonly number[],
  divergence: number | undefined,
): TokenLine {
  const pieces: TokenPiece[] = [];
  let start = 0;
  for (let end = 1; end <= ids.length; end++) {
    const pieceIds = ids.slice(start, end);
    const pieceText = tokenizer.decode(pieceIds);
    if (pieceText.endsWith("\uFFFD") && end < ids.length && end - start < MAX_JOINED) continue;
    pieces.push({ start, ids: pieceIds, text: pieceText });
    start = end;
  }
  return { pieces, tokens: ids.length, divergence };
}
