import { CallFormatError } from "./call-format-error.js";
import { nameEnd } from "./identifier.js";

export type PythonNumber = { kind: "int"; value: bigint } | { kind: "float"; value: number };

// Python's numeral grammar: `_` only between digits; leading zeros only in floats and in `0`, `00`.
const PREFIXED_INT = /0(?:[xX](?:_?[0-9a-fA-F])+|[oO](?:_?[0-7])+|[bB](?:_?[01])+)/y;
const DIGITS = "[0-9](?:_?[0-9])*";
const DECIMAL = new RegExp(`(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?`, "y");

/**
 * Reads the unsigned Python number at `start` (a digit, or `.` before a digit). Complex numbers,
 * `007`-style decimals and numbers glued to letters are errors, as in Python; so is a value too
 * large for a JSON number (`1e400` is `inf` in Python, which JSON cannot carry).
 */
export function readPythonNumber(text: string, start: number): { value: PythonNumber; end: number } {
  return readPlainNumber(text, start) ?? readNumberByGrammar(text, start);
}

/**
 * The forms nearly every number takes, `42` and `2.5`, read without the regexes; undefined for
 * anything else (underscores, exponents, prefixes, leading zeros, a suffix, 16 or more characters),
 * which `readNumberByGrammar` reads or refuses. A numeral this short is always finite.
 */
function readPlainNumber(text: string, start: number): { value: PythonNumber; end: number } | undefined {
  let end = skipDigits(text, start);
  const integerEnd = end;
  if (integerEnd === start) return undefined;
  if (text.charCodeAt(end) === DOT) {
    end = skipDigits(text, end + 1);
    if (end === integerEnd + 1) return undefined;
  }
  if (end - start > 15 || text.charCodeAt(end) === DOT || nameEnd(text, end) > end) return undefined;
  const numeral = text.slice(start, end);
  if (end > integerEnd) return { value: { kind: "float", value: Number(numeral) }, end };
  if (text.charCodeAt(start) === ZERO && end > start + 1) return undefined;
  return { value: { kind: "int", value: BigInt(numeral) }, end };
}

const DOT = 0x2e;
const ZERO = 0x30;

function skipDigits(text: string, pos: number): number {
  let end = pos;
  for (let code = text.charCodeAt(end); code >= ZERO && code <= 0x39; code = text.charCodeAt(++end));
  return end;
}

/** `readPythonNumber` without the fast path; exported so that tests can hold the two together. */
export function readNumberByGrammar(text: string, start: number): { value: PythonNumber; end: number } {
  PREFIXED_INT.lastIndex = start;
  DECIMAL.lastIndex = start;
  const prefixed = PREFIXED_INT.exec(text);
  const match = prefixed ?? DECIMAL.exec(text);
  if (match === null) throw new CallFormatError("invalid number literal", start);
  const end = start + match[0].length;
  const following = text[end];
  if (following === "j" || following === "J") {
    throw new CallFormatError("complex numbers are not supported", start);
  }
  if (following === "." || following === "_" || nameEnd(text, end) > end) {
    throw new CallFormatError("invalid number literal", start);
  }
  const numeral = match[0].replaceAll("_", "");
  const isFloat = prefixed === null && /[.eE]/.test(numeral);
  if (!isFloat && prefixed === null && /^0+[1-9]/.test(numeral)) {
    throw new CallFormatError("leading zeros in decimal integer literals are not permitted", start);
  }
  const value: PythonNumber = isFloat
    ? { kind: "float", value: Number(numeral) }
    : { kind: "int", value: BigInt(numeral) };
  const asNumber = Number(value.value);
  if (!Number.isFinite(asNumber)) throw new CallFormatError("number too large for JSON", start);
  return { value, end };
}
