import { describe, expect, it } from "vitest";
import { isJsonObject } from "../json/json-value.js";
import type { ParseResult } from "./parse-result.js";
import { parseToolCalls } from "./parse-tool-calls.js";

/** A small seeded PRNG (mulberry32), so that any failure reproduces. */
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

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

// Tokens weighted towards what the parsers branch on, so random text reaches deep into them.
const TOKENS = [
  "[",
  "]",
  "{",
  "}",
  "(",
  ")",
  ",",
  ":",
  "=",
  ";",
  ".",
  "'",
  '"',
  "'''",
  "\\",
  "\\x4",
  "\\u00",
  "#",
  " ",
  "\n",
  "\t",
  "f",
  "g",
  "math.",
  "a",
  "name",
  '"name"',
  '"arguments"',
  '"function"',
  "True",
  "None",
  "r",
  "b",
  "1",
  "0x",
  "1e",
  "5.0",
  "-",
  "_",
  "é",
  "😀",
  "\ud800",
  "<tool_call>",
  "</tool_call>",
  "```",
  "```json\n",
  "```python\n",
  "Sure! ",
  "*",
  "j",
  "inf",
];

const VALID_OUTPUTS = [
  "[f(a=1, b='x'), g(c=[1, 2.0], d=(1,), e={'k': None})]",
  "math.factorial(number=5)",
  "f(a=1), g(b='''two\nlines''')",
  '{"name": "f", "arguments": {"a": [1, {"b": "c"}]}}',
  '[{"name": "f", "parameters": {"a": 1}}, {"type": "function", "function": {"name": "g", "arguments": "{\\"x\\": 2}"}}]',
  '<tool_call>\n{"name": "f", "arguments": {"a": 1}}\n</tool_call>\n<tool_call>[g(b=2)]</tool_call>',
  "Sure, here it is:\n```python\n[get_weather(city='Paris', days=3)]\n```",
  'Calling now: {"function": "f", "parameters": {"q": "a \\"quoted\\" word"}}',
  "Sure! [get_weather(city='Paris')]",
];

/** What every result must satisfy, whatever the input. */
function expectWellFormed(result: ParseResult, input: unknown): void {
  const length = typeof input === "string" ? input.length : Number.POSITIVE_INFINITY;
  switch (result.type) {
    case "calls":
      expect(["openai", "json", "python"]).toContain(result.syntax);
      expect(result.calls.length).toBeGreaterThan(0);
      for (const call of result.calls) {
        expect(typeof call.name).toBe("string");
        expect(call.name).not.toBe("");
        expect(isJsonObject(call.arguments)).toBe(true);
        if (call.pythonTypes !== undefined) expect(Object.keys(call.pythonTypes).length).toBeGreaterThan(0);
      }
      break;
    case "no_call":
      if (typeof input === "string") expect(result.text).toBe(input);
      break;
    case "format_error":
      expect(result.reason).not.toBe("");
      expect(result.reason).not.toMatch(/^internal parser error/);
      expect(Number.isInteger(result.offset)).toBe(true);
      expect(result.offset).toBeGreaterThanOrEqual(0);
      expect(result.offset).toBeLessThanOrEqual(length);
      break;
    default:
      throw new Error(`unknown result ${JSON.stringify(result)}`);
  }
}

function parseChecked(input: unknown): ParseResult {
  let result: ParseResult | undefined;
  expect(() => {
    result = parseToolCalls(input);
  }, JSON.stringify(input)).not.toThrow();
  expectWellFormed(result as ParseResult, input);
  return result as ParseResult;
}

describe("parseToolCalls on random input", () => {
  it("never throws on random token soup", () => {
    const random = mulberry32(1);
    for (let round = 0; round < 3000; round++) {
      const text = Array.from({ length: Math.floor(random() * 30) }, () => pick(random, TOKENS)).join("");
      parseChecked(text);
    }
  });

  it("never throws on random characters", () => {
    const random = mulberry32(2);
    for (let round = 0; round < 2000; round++) {
      const text = Array.from({ length: Math.floor(random() * 40) }, () =>
        String.fromCharCode(Math.floor(random() * (random() < 0.8 ? 128 : 0x10000))),
      ).join("");
      parseChecked(text);
    }
  });

  it("parses the valid outputs this test mutates", () => {
    for (const text of VALID_OUTPUTS) expect(parseChecked(text).type, text).toBe("calls");
  });

  it("never throws on every truncation of valid outputs", () => {
    for (const text of VALID_OUTPUTS) {
      for (let cut = 0; cut <= text.length; cut++) parseChecked(text.slice(0, cut));
    }
  });

  it("never throws on random edits of valid outputs", () => {
    const random = mulberry32(3);
    for (let round = 0; round < 3000; round++) {
      let text = pick(random, VALID_OUTPUTS);
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
        const at = Math.floor(random() * (text.length + 1));
        const op = random();
        if (op < 0.4) text = text.slice(0, at) + text.slice(at + 1);
        else if (op < 0.8) text = text.slice(0, at) + pick(random, TOKENS) + text.slice(at);
        else text = text.slice(0, at) + text.slice(at).slice(Math.floor(random() * 5) + 1);
      }
      parseChecked(text);
    }
  });

  it("never reads a cut-off bracketed list or object as calls", () => {
    const bracketed = VALID_OUTPUTS.filter((text) => text.startsWith("[") || text.startsWith("{"));
    expect(bracketed.length).toBe(3);
    for (const text of bracketed) {
      for (let cut = 1; cut < text.length; cut++) {
        const result = parseChecked(text.slice(0, cut));
        expect(result.type, text.slice(0, cut)).toBe("format_error");
      }
    }
  });

  it("never throws on random message-like objects", () => {
    const random = mulberry32(4);
    const values: unknown[] = [
      null,
      undefined,
      3,
      "x",
      "{}",
      '{"a": 1',
      [],
      {},
      { a: [1] },
      Number.NaN,
      true,
    ];
    for (let round = 0; round < 2000; round++) {
      const toolCalls = Array.from({ length: Math.floor(random() * 3) }, () =>
        random() < 0.2
          ? pick(random, values)
          : {
              id: "c",
              type: random() < 0.9 ? "function" : pick(random, values),
              function:
                random() < 0.1
                  ? pick(random, values)
                  : { name: random() < 0.8 ? "f" : pick(random, values), arguments: pick(random, values) },
            },
      );
      const message = {
        role: random() < 0.9 ? "assistant" : pick(random, values),
        content: random() < 0.5 ? null : pick(random, [...values, ...VALID_OUTPUTS]),
        tool_calls: random() < 0.8 ? toolCalls : pick(random, values),
      };
      parseChecked(message);
    }
  });
});
