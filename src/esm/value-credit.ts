import { isJsonObject, type JsonObject, type JsonValue } from "../json/json-value.js";
import type { ScoringProfile } from "./scoring-profile.js";

type StringCredit = ScoringProfile["stringCredit"];

/**
 * Where a value sits in an accepted answer decides how an object there is read: at the top level
 * and directly inside a top-level array an object is a pattern (each key lists accepted values,
 * `""` marking the key optional, as in BFCL's possible answers); deeper, objects are literal.
 */
type Level = "top" | "in-array" | "literal";

/** The best credit (0..1) of a predicted value against any of the accepted ones. */
export function valueCredit(value: JsonValue, accepted: readonly JsonValue[], credit: StringCredit): number {
  let best = 0;
  for (const candidate of accepted) {
    const c = creditOf(value, candidate, "top", credit);
    if (c > best) best = c;
    if (best === 1) break;
  }
  return best;
}

function creditOf(value: JsonValue, expected: JsonValue, level: Level, credit: StringCredit): number {
  if (typeof expected === "string")
    return typeof value === "string" ? stringCredit(value, expected, credit) : 0;
  if (Array.isArray(expected)) {
    if (!Array.isArray(value)) return 0;
    const length = Math.max(value.length, expected.length);
    if (length === 0) return 1;
    const inner: Level = level === "top" ? "in-array" : "literal";
    let sum = 0;
    for (let i = 0; i < Math.min(value.length, expected.length); i++) {
      sum += creditOf(value[i]!, expected[i]!, inner, credit);
    }
    return sum / length;
  }
  if (isJsonObject(expected)) {
    if (!isJsonObject(value)) return 0;
    return level === "literal"
      ? objectCredit(value, expected, credit)
      : patternCredit(value, expected, credit);
  }
  return value === expected ? 1 : 0;
}

function stringCredit(value: string, expected: string, credit: StringCredit): number {
  if (value === expected) return 1;
  const a = normalise(value);
  const b = normalise(expected);
  if (a === b) return credit.caseInsensitive;
  const la = value.toLowerCase();
  const lb = expected.toLowerCase();
  if (la.length > 0 && lb.length > 0 && (la.includes(lb) || lb.includes(la))) return credit.substring;
  return 0;
}

/** BFCL's string normalisation: spaces and `,./-_*^` removed, lower-cased, `'` read as `"`. */
function normalise(text: string): string {
  return text
    .replace(/[ ,./\-_*^]/g, "")
    .toLowerCase()
    .replace(/'/g, '"');
}

function patternCredit(value: JsonObject, pattern: JsonObject, credit: StringCredit): number {
  let sum = 0;
  let counted = 0;
  for (const [key, alternatives] of Object.entries(pattern)) {
    const options = Array.isArray(alternatives) ? alternatives : [alternatives];
    const given = value[key];
    if (given === undefined) {
      if (!options.includes("")) counted++;
      continue;
    }
    counted++;
    let best = 0;
    for (const option of options) {
      if (option === "") continue;
      best = Math.max(best, creditOf(given, option, "literal", credit));
    }
    sum += best;
  }
  for (const key of Object.keys(value)) if (!(key in pattern)) counted++;
  return counted === 0 ? 1 : sum / counted;
}

function objectCredit(value: JsonObject, expected: JsonObject, credit: StringCredit): number {
  let sum = 0;
  let counted = 0;
  for (const [key, item] of Object.entries(expected)) {
    counted++;
    const given = value[key];
    if (given !== undefined) sum += creditOf(given, item, "literal", credit);
  }
  for (const key of Object.keys(value)) if (!(key in expected)) counted++;
  return counted === 0 ? 1 : sum / counted;
}
