import type { JsonValue } from "../json/json-value.js";
import { MAX_NESTING } from "./max-nesting.js";

/**
 * Text that may hold a number `readJson` records as an integral float (`1.0`, `2e3`, and
 * `0.99999999999999999`, which rounds to 1), something `JSON.parse` cannot show. A decimal with at
 * most 15 digits and a non-zero fraction never rounds to an integer, so the third alternative (17
 * characters of digits and a dot) catches every rounding case; exponents, which are also how a
 * number overflows to Infinity short of 309 digits, are caught by the second. Matching text that
 * holds no such number (`"v2e"` in a string) only costs the slow path.
 */
const INTEGRAL_FLOAT_HINT = /\d(?:\.0+(?!\d)|[eE]|[\d.]{16})/;

/**
 * `text` read by the native `JSON.parse` where that gives exactly what `readJson` would: the whole
 * text is one strict JSON value (`JSON.parse` accepts nothing `readJson` refuses, not even `\f` as
 * spacing), no number in it needs its lexeme recorded, and it nests no deeper than `readJson`
 * allows. Undefined otherwise, for the hand-written reader, which also tells where text goes wrong.
 * Most outputs are well-formed JSON, and `JSON.parse` reads them many times faster.
 */
export function parseJsonFast(text: string): JsonValue | undefined {
  if (INTEGRAL_FLOAT_HINT.test(text)) return undefined;
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
  // Nesting deeper than readJson allows takes more than MAX_NESTING brackets each way.
  if (text.length > 2 * MAX_NESTING && nestsDeeperThan(value, MAX_NESTING)) return undefined;
  return value;
}

/** Whether containers in `value` nest more than `levels` deep (`value` itself counting as one). */
function nestsDeeperThan(value: JsonValue, levels: number): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (levels === 0) return true;
  const items = Array.isArray(value) ? value : Object.values(value);
  return items.some((item) => nestsDeeperThan(item, levels - 1));
}
