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
