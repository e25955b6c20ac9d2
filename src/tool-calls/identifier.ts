// Python 3 names are Unicode ID_Start/ID_Continue (plus `_`); sticky so a scan can start mid-text.
const NAME = /[\p{ID_Start}_][\p{ID_Continue}]*/uy;
const DOTTED_NAME = /^[\p{ID_Start}_][\p{ID_Continue}]*(?:\.[\p{ID_Start}_][\p{ID_Continue}]*)*$/u;

/** The end of the Python name that starts at `pos`, or `pos` itself when none starts there. */
export function nameEnd(text: string, pos: number): number {
  // Names are nearly always ASCII, and scanning those by char code is several times faster than
  // the Unicode regex, which is left whatever has a non-ASCII character in or right after it.
  let end = pos;
  for (;;) {
    const code = text.charCodeAt(end);
    if (code >= 0x80) break;
    if (!isAsciiNameChar(code, end === pos)) return end;
    end++;
  }
  NAME.lastIndex = pos;
  return NAME.test(text) ? NAME.lastIndex : pos;
}

/** `[A-Za-z_]`, and digits too when not `first`: the ASCII part of ID_Start and ID_Continue. */
function isAsciiNameChar(code: number, first: boolean): boolean {
  const letter = (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
  return letter || code === 0x5f || (!first && code >= 0x30 && code <= 0x39);
}

/** Whether `text` is a Python name or a dotted chain of them (`math.factorial`). */
export function isDottedName(text: string): boolean {
  return DOTTED_NAME.test(text);
}

/** The end of a dotted name (`a.b.c`) that starts at `pos`, or `pos` when none starts there. */
export function dottedNameEnd(text: string, pos: number): number {
  let end = nameEnd(text, pos);
  if (end === pos) return pos;
  while (text[end] === ".") {
    const next = nameEnd(text, end + 1);
    if (next === end + 1) break;
    end = next;
  }
  return end;
}

/** Whether a dotted name followed directly by `(` starts at `pos`: what a Python call looks like. */
export function startsWithCall(text: string, pos: number): boolean {
  const end = dottedNameEnd(text, pos);
  return end > pos && text[end] === "(";
}
