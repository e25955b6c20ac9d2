import type { JsonObject } from "../../json/json-value.js";
import type { SeededRandom } from "../../random/seeded-random.js";

/** The closed or open interval a numeric schema allows, with a default range for unbounded sides. */
export interface NumericRange {
  low: number;
  high: number;
  lowOpen: boolean;
  highOpen: boolean;
}

/** The range of a numeric schema: `minimum`/`exclusiveMinimum` (and the maxima), the tighter of each pair. */
export function numericRange(schema: JsonObject, fallback: [number, number]): NumericRange {
  const bound = (inclusive: unknown, exclusive: unknown, pickTighter: (a: number, b: number) => boolean) => {
    const closed = typeof inclusive === "number" ? inclusive : undefined;
    const open = typeof exclusive === "number" ? exclusive : undefined;
    if (closed === undefined && open === undefined) return undefined;
    if (open === undefined) return { value: closed!, open: false };
    if (closed === undefined || pickTighter(open, closed) || open === closed)
      return { value: open, open: true };
    return { value: closed, open: false };
  };
  const low = bound(schema.minimum, schema.exclusiveMinimum, (a, b) => a > b);
  const high = bound(schema.maximum, schema.exclusiveMaximum, (a, b) => a < b);
  const lowValue = low?.value ?? (high && high.value <= fallback[0] ? high.value - 100 : fallback[0]);
  const highValue = high?.value ?? (low && low.value >= fallback[1] ? low.value + 100 : fallback[1]);
  return {
    low: lowValue,
    high: Math.max(lowValue, highValue),
    lowOpen: low?.open ?? false,
    highOpen: high?.open ?? false,
  };
}

export function inRange(value: number, range: NumericRange): boolean {
  return (
    (range.lowOpen ? value > range.low : value >= range.low) &&
    (range.highOpen ? value < range.high : value <= range.high)
  );
}

/**
 * A number the schema allows: an integer when `integer` is set, a multiple of `multipleOf` when
 * given (checked the way Ajv checks it, `value / m` a whole number, since `0.3 / 0.1` is not),
 * otherwise a round-looking value in the range. Undefined when none exists.
 */
export function numberInRange(
  range: NumericRange,
  options: { integer: boolean; multipleOf?: number; random: SeededRandom },
): number | undefined {
  const { random, multipleOf, integer } = options;
  const ok = (value: number) =>
    Number.isFinite(value) &&
    inRange(value, range) &&
    (!integer || Number.isInteger(value)) &&
    (multipleOf === undefined || Number.isInteger(value / multipleOf));
  if (multipleOf !== undefined && multipleOf > 0) {
    const first = Math.ceil(range.low / multipleOf);
    const last = Math.floor(range.high / multipleOf);
    if (first > last) return undefined;
    const tries = Math.min(64, last - first + 1);
    for (let i = 0; i < tries; i++) {
      const k = i < tries / 2 ? random.int(first, Math.min(last, first + 200)) : first + i;
      const value = Number((k * multipleOf).toPrecision(12));
      if (ok(value)) return value;
    }
    return undefined;
  }
  if (integer) {
    const low = range.lowOpen && Number.isInteger(range.low) ? range.low + 1 : Math.ceil(range.low);
    const high = range.highOpen && Number.isInteger(range.high) ? range.high - 1 : Math.floor(range.high);
    if (low > high) return undefined;
    return random.int(low, Math.min(high, low + 200));
  }
  // Mostly whole numbers or one decimal, as people write them; finer only when the range is narrow.
  const span = Math.min(range.high - range.low, 1000);
  for (const digits of [0, 1, 2, 4, 8]) {
    if (digits === 0 && !random.chance(0.5)) continue;
    const scale = 10 ** digits;
    const value = Math.round((range.low + random.next() * span) * scale) / scale;
    if (ok(value)) return value;
  }
  const middle = (range.low + range.high) / 2;
  return ok(middle) ? middle : undefined;
}
