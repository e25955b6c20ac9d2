import { describe, expect, it } from "vitest";
import type { JsonObject, JsonValue } from "../json/json-value.js";
import { formatPythonCalls } from "./format-python-calls.js";
import { childPath } from "./json-path.js";
import { parseToolCalls } from "./parse-tool-calls.js";
import type { PythonOnlyType, ToolCall } from "./tool-call.js";

describe("formatPythonCalls", () => {
  it("writes BFCL's Python syntax", () => {
    const calls: ToolCall[] = [
      { name: "math.factorial", arguments: { number: 5 } },
      {
        name: "f",
        arguments: {
          x: 5,
          y: [1, 2.5],
          s: `it's "x"`,
          t: "a\\b\n",
          flag: true,
          none: null,
          d: { "my key": [] },
        },
        pythonTypes: { "$.x": "float", "$.y": "tuple" },
      },
    ];
    expect(formatPythonCalls(calls)).toBe(
      "[math.factorial(number=5), " +
        `f(x=5.0, y=(1, 2.5), s='it\\'s "x"', t='a\\\\b\\n', flag=True, none=None, d={'my key': []})]`,
    );
  });

  it("writes one-element and empty tuples, big integers and scientific floats", () => {
    const call: ToolCall = {
      name: "g",
      arguments: { one: [1], none: [], big: 1e22, tiny: 1e-7, large: 1e16, negZero: -0 },
      pythonTypes: { "$.one": "tuple", "$.none": "tuple", "$.large": "float", "$.negZero": "float" },
    };
    expect(formatPythonCalls([call])).toBe(
      "[g(one=(1,), none=(), big=10000000000000000000000, tiny=1e-07, large=1e+16, negZero=-0.0)]",
    );
  });

  it("writes an empty list of calls as []", () => {
    expect(formatPythonCalls([])).toBe("[]");
  });

  it.each<[ToolCall, string]>([
    [{ name: "my func", arguments: {} }, 'cannot write "my func" as a Python function name'],
    [{ name: "f", arguments: { "my key": 1 } }, 'cannot write "my key" as a Python keyword argument'],
    [{ name: "f", arguments: { "a.b": 1 } }, 'cannot write "a.b" as a Python keyword argument'],
    [{ name: "f", arguments: { x: Number.POSITIVE_INFINITY } }, "cannot write Infinity as a Python literal"],
  ])("throws for what the syntax cannot express: %j", (call, message) => {
    expect(() => formatPythonCalls([call])).toThrow(message);
  });

  it("reads back to the same calls, pythonTypes included", () => {
    const calls: ToolCall[] = [
      {
        name: "a.b.c",
        arguments: { t: [[1, 2], [3]], f: 0, nested: { "x y": [{ z: 7 }] }, s: "\ud800\u2028\x00'\"" },
        pythonTypes: { "$.t": "tuple", "$.t[0]": "tuple", "$.f": "float", '$.nested["x y"][0].z': "float" },
      },
      { name: "g", arguments: {} },
    ];
    expect(parseToolCalls(formatPythonCalls(calls))).toEqual({ type: "calls", syntax: "python", calls });
  });

  it("reads back to the same calls for 500 random call lists", () => {
    const random = mulberry32(20250516);
    for (let round = 0; round < 500; round++) {
      const calls = Array.from({ length: 1 + Math.floor(random() * 3) }, () => randomCall(random));
      const text = formatPythonCalls(calls);
      expect(parseToolCalls(text), text).toEqual({ type: "calls", syntax: "python", calls });
    }
  });
});

/** A small seeded PRNG (mulberry32), so that failures reproduce. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ["f", "get_weather", "from", "x1", "_private", "größe", "__proto__", "True"];
const CHARS = [
  "a",
  "Z",
  " ",
  "'",
  '"',
  "\\",
  "\n",
  "\t",
  "\r",
  "\x00",
  "\x7f",
  "é",
  "😀",
  "\ud800",
  "\u2028",
  "#",
  "{",
  ")",
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function randomCall(random: () => number): ToolCall {
  const name = Array.from({ length: 1 + Math.floor(random() * 2) }, () => pick(random, NAMES)).join(".");
  const args: JsonObject = {};
  const types: Record<string, PythonOnlyType> = {};
  for (let i = Math.floor(random() * 4); i > 0; i--) {
    const key = pick(random, NAMES);
    defineRandom(args, key, "$", types, random, 0);
  }
  return Object.keys(types).length > 0
    ? { name, arguments: args, pythonTypes: types }
    : { name, arguments: args };
}

/**
 * Sets a random value at `key`. When a key repeats, the types the old value marked are dropped
 * first, so that the expected call says what the formatted text says.
 */
function defineRandom(
  object: JsonObject,
  key: string,
  parentPath: string,
  types: Record<string, PythonOnlyType>,
  random: () => number,
  depth: number,
): void {
  const path = childPath(parentPath, key);
  for (const typed of Object.keys(types)) {
    if (typed === path || typed.startsWith(`${path}.`) || typed.startsWith(`${path}[`)) delete types[typed];
  }
  const value = randomValue(random, path, types, depth);
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

function randomValue(
  random: () => number,
  path: string,
  types: Record<string, PythonOnlyType>,
  depth: number,
): JsonValue {
  const roll = random() * (depth > 2 ? 6 : 8);
  if (roll < 1) return null;
  if (roll < 2) return random() < 0.5;
  if (roll < 3) return Array.from({ length: Math.floor(random() * 6) }, () => pick(random, CHARS)).join("");
  if (roll < 4) {
    const int = pick(random, [0, 7, -3, 2 ** 53, -(2 ** 60), 1e21, 123456789]);
    if (random() < 0.4) types[path] = "float";
    return int;
  }
  if (roll < 5) return pick(random, [0.5, -2.25, 1e-7, 3.25, 1.7976931348623157e308, 5e-324, -1e-300]);
  if (roll < 6) {
    const isFloat = random() < 0.5;
    if (isFloat) types[path] = "float";
    const value = pick(random, [-0, 1e16, 100, -42]);
    // Python has no negative zero int, so only a float keeps the sign.
    return value === 0 && !isFloat ? 0 : value;
  }
  if (roll < 7) {
    if (random() < 0.5) types[path] = "tuple";
    return Array.from({ length: Math.floor(random() * 4) }, (_, index) =>
      randomValue(random, childPath(path, index), types, depth + 1),
    );
  }
  const object: JsonObject = {};
  for (let i = Math.floor(random() * 3); i > 0; i--) {
    defineRandom(
      object,
      pick(random, ["k", "my key", "", "1", "__proto__", 'q"uote', "é"]),
      path,
      types,
      random,
      depth + 1,
    );
  }
  return object;
}
