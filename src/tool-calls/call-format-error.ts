/**
 * Raised inside the parsers where an output stops making sense. Recursive descent unwinds most
 * simply by throwing; `parseToolCalls` catches it and returns a `format_error`, so nothing outside
 * this folder ever sees it.
 *
 * Deliberately not an `Error`: one is thrown for every malformed output, and the stack trace an
 * `Error` captures (which nobody reads, since none escapes) cost more than the failed parse itself.
 */
export class CallFormatError {
  readonly reason: string;
  readonly offset: number;

  constructor(reason: string, offset: number) {
    this.reason = reason;
    this.offset = offset;
  }
}

/**
 * "expected X" at `pos`; when the text has already run out, the reason says so, because a
 * truncated generation is the commonest cause and the most useful thing to tell apart.
 */
export function expectedError(what: string, text: string, pos: number): CallFormatError {
  const reason = pos >= text.length ? `unexpected end of input: expected ${what}` : `expected ${what}`;
  return new CallFormatError(reason, pos);
}
