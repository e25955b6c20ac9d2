import { CallFormatError } from "./call-format-error.js";

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Whether `prefix` followed by a quote would start a string literal (valid or not) in Python 3. */
export function isStringPrefix(prefix: string): boolean {
  return /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])$/.test(prefix);
}

/**
 * Reads the Python string literal at `start` (prefix included), returning its value and the index
 * after its closing quote. Handles both quote styles, triple quotes, raw strings and Python's
 * escapes; an unknown escape such as `\d` stays as written, as in Python. Bytes and f-strings are
 * rejected: neither is a plain value a tool argument can be.
 */
export function readPythonString(text: string, start: number): { value: string; end: number } {
  let pos = start;
  while (text[pos] !== "'" && text[pos] !== '"' && pos < text.length) pos++;
  const raw = pos > start && isRawPrefix(text.slice(start, pos).toLowerCase(), start);
  const quote = text[pos] ?? "'";
  const triple = text[pos + 1] === quote && text[pos + 2] === quote;
  const quoteCode = quote.charCodeAt(0);
  pos += triple ? 3 : 1;
  // The value is built from runs of plain characters, each added with one slice, rather than
  // character by character: most strings are one run.
  let value = "";
  let runStart = pos;
  for (;;) {
    const code = text.charCodeAt(pos);
    if (Number.isNaN(code) || (!triple && (code === LF || code === CR))) {
      throw new CallFormatError("unterminated string", start);
    }
    if (code === quoteCode && (!triple || (text[pos + 1] === quote && text[pos + 2] === quote))) {
      return { value: value + text.slice(runStart, pos), end: pos + (triple ? 3 : 1) };
    }
    if (code !== BACKSLASH) {
      pos += 1;
      continue;
    }
    if (pos + 1 >= text.length) throw new CallFormatError("unterminated string", start);
    // In a raw string a backslash still keeps the next quote from closing it, and stays itself.
    if (raw) {
      pos += 2;
      continue;
    }
    const escaped = readEscape(text, pos);
    value += text.slice(runStart, pos) + escaped.value;
    pos = escaped.end;
    runStart = pos;
  }
}

const LF = 0x0a;
const CR = 0x0d;
const BACKSLASH = 0x5c;

/** Whether a string prefix (lower-cased, not empty) makes a raw string; throws for one Python refuses here. */
function isRawPrefix(prefix: string, start: number): boolean {
  if (prefix.includes("b")) throw new CallFormatError("bytes literals are not supported", start);
  if (prefix.includes("f")) throw new CallFormatError("f-strings are not supported", start);
  if (!/^[ru]?$/.test(prefix)) throw new CallFormatError(`invalid string prefix '${prefix}'`, start);
  return prefix === "r";
}

function readEscape(text: string, backslash: number): { value: string; end: number } {
  const next = text[backslash + 1] ?? "";
  const simple = SIMPLE_ESCAPES[next];
  if (simple !== undefined) return { value: simple, end: backslash + 2 };
  if (next === "\n") return { value: "", end: backslash + 2 };
  if (next === "\r") return { value: "", end: backslash + (text[backslash + 2] === "\n" ? 3 : 2) };
  if (next >= "0" && next <= "7") {
    const digits = /^[0-7]{1,3}/.exec(text.slice(backslash + 1, backslash + 4))?.[0] ?? next;
    return { value: String.fromCodePoint(Number.parseInt(digits, 8)), end: backslash + 1 + digits.length };
  }
  const width = HEX_ESCAPES[next];
  if (width !== undefined) {
    const digits = text.slice(backslash + 2, backslash + 2 + width);
    if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(digits)) {
      throw new CallFormatError(`truncated \\${next}${"X".repeat(width)} escape`, backslash);
    }
    const code = Number.parseInt(digits, 16);
    if (code > 0x10ffff) throw new CallFormatError(`\\${next} escape out of Unicode range`, backslash);
    return { value: String.fromCodePoint(code), end: backslash + 2 + width };
  }
  if (next === "N") throw new CallFormatError("\\N{...} escapes are not supported", backslash);
  return { value: `\\${next}`, end: backslash + 2 };
}
