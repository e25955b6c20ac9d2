import { describe, expect, it } from "vitest";
import type { JsonValue } from "../json/json-value.js";
import { SeededRandom } from "../random/seeded-random.js";
import { CallFormatError } from "./call-format-error.js";
import { parseJsonFast } from "./json-fast-path.js";
import { JsonLocations, readJson } from "./json-reader.js";
import { MAX_NESTING } from "./max-nesting.js";
import { skipWhitespace } from "./text-space.js";

/** What the hand-written reader makes of the whole text, or undefined where it refuses it. */
function readWhole(text: string): { value: JsonValue; integralFloats: boolean } | undefined {
  const locations = new JsonLocations();
  try {
    const { value, end } = readJson(text, skipWhitespace(text, 0), locations);
    if (skipWhitespace(text, end) !== text.length) return undefined;
    return { value, integralFloats: locations.hasIntegralFloats() };
  } catch (error) {
    if (error instanceof CallFormatError) return undefined;
    throw error;
  }
}

/** Key order, own `__proto__` keys and -0 all show. */
const canonical = (value: JsonValue) => JSON.stringify(value, (_, v) => (Object.is(v, -0) ? "<-0>" : v));

const NUMBERS = [
  "0",
  "-0",
  "7",
  "-12",
  "2.5",
  "0.125",
  "1.0",
  "-3.00",
  "1e3",
  "2E-2",
  "1.5e1",
  "0.99999999999999999",
  "1.0000000000000001",
  "12345678901234567890",
  "123456789012345.5",
  "1e400",
  "01",
  "1.",
  ".5",
  "-",
];
const STRINGS = [
  '"Paris"',
  '""',
  '"v1.0 and 2e5"',
  '"a \\"q\\" \\u00e9\\n\\/"',
  '"\\ud800"',
  '"tab\tin"',
  '"x',
];
const KEYS = ["a", "city", "__proto__", "toString", "1", "my key", "a"];
const SPACES = ["", "", " ", "\n  ", "\t", "\r\n", "\f"];

function randomJson(random: SeededRandom, depth: number): string {
  const space = () => random.pick(SPACES);
  const roll = random.next();
  if (depth > 3 || roll < 0.45) {
    return random.pick([random.pick(NUMBERS), random.pick(STRINGS), "true", "false", "null", "nul"]);
  }
  const count = random.int(0, 3);
  const items = Array.from({ length: count }, () =>
    roll < 0.7
      ? randomJson(random, depth + 1)
      : `"${random.pick(KEYS)}"${space()}:${space()}${randomJson(random, depth + 1)}`,
  );
  const [open, close] = roll < 0.7 ? ["[", "]"] : ["{", "}"];
  return `${open}${space()}${items.join(`,${space()}`)}${space()}${close}`;
}

function mutate(random: SeededRandom, text: string): string {
  if (random.chance(0.7)) return text;
  const at = random.int(0, text.length);
  return random.chance(0.5)
    ? text.slice(0, at) + text.slice(at + 1)
    : text.slice(0, at) + random.pick([",", "]", "}", '"', "1.0", " "]) + text.slice(at);
}

describe("parseJsonFast", () => {
  it("gives exactly what readJson gives, or leaves the text to it", () => {
    const random = new SeededRandom(20260316);
    let fast = 0;
    let withIntegralFloats = 0;
    for (let round = 0; round < 20000; round++) {
      const text = `${random.pick(SPACES)}${mutate(random, randomJson(random, 0))}${random.pick(SPACES)}`;
      const value = parseJsonFast(text);
      const slow = readWhole(text);
      if (slow?.integralFloats) withIntegralFloats++;
      if (value === undefined) continue;
      fast++;
      expect(slow, text).toBeDefined();
      expect(slow?.integralFloats, text).toBe(false);
      expect(canonical(value), text).toBe(canonical(slow!.value));
    }
    // Both paths are exercised.
    expect(fast).toBeGreaterThan(5000);
    expect(withIntegralFloats).toBeGreaterThan(200);
  });

  it.each(["1.0", "[2e0]", '{"a": 0.99999999999999999}', '{"a": 1e400}', "[1, 2]\f", "{} {}", "[1,]"])(
    "leaves %j to the hand-written reader",
    (text) => {
      expect(parseJsonFast(text)).toBeUndefined();
    },
  );

  it("leaves nesting deeper than readJson allows to it, and takes the deepest it allows", () => {
    const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
    expect(parseJsonFast(nested(MAX_NESTING + 1))).toBeUndefined();
    expect(readWhole(nested(MAX_NESTING + 1))).toBeUndefined();
    expect(parseJsonFast(nested(MAX_NESTING))).toEqual(readWhole(nested(MAX_NESTING))?.value);
  });

  it("defines a '__proto__' key as an own key, as readJson does", () => {
    const value = parseJsonFast('{"__proto__": {"x": 1}}') as Record<string, JsonValue>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__"]);
  });
});
