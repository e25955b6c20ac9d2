/** The first index at or after `pos` that is not JSON/ASCII whitespace (space, tab, CR, LF, FF). */
export function skipWhitespace(text: string, pos: number): number {
  let i = pos;
  while (i < text.length && isWhitespace(text[i])) i++;
  return i;
}

export function isWhitespace(char: string | undefined): boolean {
  return char === " " || char === "\t" || char === "\n" || char === "\r" || char === "\f";
}
