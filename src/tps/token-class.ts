/**
 * What a character (and, through its characters, a token) of a completion is, for choosing where to
 * branch. Ordered from most to least decisive: a token takes the first class any of its characters has.
 *
 * - `name`: the function name's characters (inside its quotes).
 * - `key`: an argument key's characters, at any depth of the arguments.
 * - `value-start`: the first character of an argument value (for a string, its opening quote and
 *   first character): where the model commits to a value and its type.
 * - `value`: the rest of an argument value.
 * - `text`: prose outside any call (whether and where to call at all).
 * - `structure`: the call format — tags, braces, brackets, quotes around names and keys, colons,
 *   commas, spacing, fixed keys such as `"name"`/`"arguments"` — and whatever follows a point where
 *   the call stopped parsing. Tokens with no text (an end-of-turn token) count as structure too.
 */
export const TOKEN_CLASSES = ["name", "key", "value-start", "value", "text", "structure"] as const;

export type TokenClass = (typeof TOKEN_CLASSES)[number];

/** Rank of a class in TOKEN_CLASSES: lower is more decisive. */
export function classRank(tokenClass: TokenClass): number {
  return TOKEN_CLASSES.indexOf(tokenClass);
}
