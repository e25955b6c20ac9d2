import { describe, expect, it } from "vitest";
import type { JsonValue } from "../json/json-value.js";
import { parseToolCalls } from "./parse-tool-calls.js";
import type { PythonOnlyType } from "./tool-call.js";

function formatError(reason: string, offset: number) {
  return { type: "format_error", reason, offset };
}

/** The value and recorded Python types of the literal as the argument `a` of a call. */
function literal(source: string): {
  value: JsonValue | undefined;
  types: Record<string, PythonOnlyType> | undefined;
} {
  const result = parseToolCalls(`f(a=${source})`);
  if (result.type !== "calls") throw new Error(`${source} did not parse: ${JSON.stringify(result)}`);
  const call = result.calls[0];
  return { value: call?.arguments.a, types: call?.pythonTypes };
}

/** The format error of the literal as argument `a`, with its offset relative to the literal. */
function literalError(source: string): { reason: string; offset: number } | undefined {
  const result = parseToolCalls(`f(a=${source})`);
  return result.type === "format_error" ? { reason: result.reason, offset: result.offset - 4 } : undefined;
}

describe("Python call syntax", () => {
  it("reads a bracketed list of calls", () => {
    expect(parseToolCalls("[f(a=1, b='x'), g(c=[1,2])]")).toEqual({
      type: "calls",
      syntax: "python",
      calls: [
        { name: "f", arguments: { a: 1, b: "x" } },
        { name: "g", arguments: { c: [1, 2] } },
      ],
    });
  });

  it("reads calls without brackets, separated by commas, semicolons or lines", () => {
    const expected = [
      { name: "f", arguments: { a: 1 } },
      { name: "g", arguments: { b: 2 } },
    ];
    for (const text of ["f(a=1), g(b=2)", "f(a=1); g(b=2)", "f(a=1)\ng(b=2)", "f(a=1),\n  g(b=2),"]) {
      expect(parseToolCalls(text)).toEqual({ type: "calls", syntax: "python", calls: expected });
    }
    expect(parseToolCalls("f(a=1)")).toEqual({ type: "calls", syntax: "python", calls: [expected[0]] });
  });

  it("keeps dotted names whole and accepts calls without arguments", () => {
    expect(parseToolCalls("math.factorial(number=5)")).toEqual({
      type: "calls",
      syntax: "python",
      calls: [{ name: "math.factorial", arguments: { number: 5 } }],
    });
    expect(parseToolCalls("[a.b.c(), d ( )]")).toEqual({
      type: "calls",
      syntax: "python",
      calls: [
        { name: "a.b.c", arguments: {} },
        { name: "d", arguments: {} },
      ],
    });
  });

  it("accepts spacing, line breaks, comments and trailing commas inside calls", () => {
    const text = "[\n  f(\n    a = 1,  # the count\n    b=[1, 2,],\n  ),\n]";
    expect(parseToolCalls(text)).toEqual({
      type: "calls",
      syntax: "python",
      calls: [{ name: "f", arguments: { a: 1, b: [1, 2] } }],
    });
  });

  it("accepts Python keywords and non-ASCII names as argument names", () => {
    const result = parseToolCalls("book(from='NYC', to='LA', größe=2)");
    expect(result).toEqual({
      type: "calls",
      syntax: "python",
      calls: [{ name: "book", arguments: { from: "NYC", to: "LA", größe: 2 } }],
    });
  });

  it("reads inside a python code fence", () => {
    expect(parseToolCalls("```python\n[f(a=1)]\n```")).toEqual({
      type: "calls",
      syntax: "python",
      calls: [{ name: "f", arguments: { a: 1 } }],
      inProse: true,
    });
  });

  it("defines a '__proto__' argument as an own key", () => {
    const result = parseToolCalls("f(__proto__={'x': 1})");
    expect(result.type).toBe("calls");
    if (result.type !== "calls") return;
    const args = result.calls[0]?.arguments ?? {};
    expect(Object.keys(args)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(args)).toBe(Object.prototype);
    expect(JSON.stringify(args)).toBe('{"__proto__":{"x":1}}');
  });
});

describe("Python literals", () => {
  it.each<[string, JsonValue]>([
    ["'x'", "x"],
    ['"x"', "x"],
    [`'it\\'s'`, "it's"],
    [`"say \\"hi\\""`, 'say "hi"'],
    ["'a\\nb\\tc\\\\d'", "a\nb\tc\\d"],
    ["'\\x41\\u00e9\\U0001F600'", "Aé😀"],
    ["'\\101\\0'", "A\0"],
    ["'\\a\\b\\f\\v\\r'", "\x07\b\f\v\r"],
    ["'\\d'", "\\d"],
    ["'''one\ntwo'''", "one\ntwo"],
    ['"""say "hi" """', 'say "hi" '],
    ["'a' \"b\"\n 'c'", "abc"],
    ["r'\\d+\\n'", "\\d+\\n"],
    ["r'\\''", "\\'"],
    ["R'x' u'y' U'z'", "xyz"],
    ["'line\\\ncontinued'", "linecontinued"],
    ["''", ""],
  ])("reads the string %s", (source, value) => {
    expect(literal(source)).toEqual({ value, types: undefined });
  });

  it.each<[string, number]>([
    ["0", 0],
    ["42", 42],
    ["-7", -7],
    ["+7", 7],
    ["- 7", -7],
    ["1_000_000", 1000000],
    ["0x1F", 31],
    ["0o17", 15],
    ["0b101", 5],
    ["-0x_ff", -255],
    ["00", 0],
    ["2.5", 2.5],
    [".5", 0.5],
    ["-1.25e-3", -0.00125],
    ["1_0.5", 10.5],
    ["12345678901234567890", 12345678901234567000],
  ])("reads the int or non-integral float %s", (source, value) => {
    expect(literal(source)).toEqual({ value, types: undefined });
  });

  it.each<[string, number]>([
    ["5.0", 5],
    ["1e3", 1000],
    ["1.", 1],
    ["-2.0", -2],
    ["1E+2", 100],
    ["0.0", 0],
  ])("records the integral float %s as a float", (source, value) => {
    expect(literal(source)).toEqual({ value, types: { "$.a": "float" } });
  });

  it("reads True, False and None", () => {
    expect(literal("[True, False, None]")).toEqual({ value: [true, false, null], types: undefined });
  });

  it("reads tuples and records them, with floats inside them", () => {
    expect(literal("(1, 2.0)")).toEqual({ value: [1, 2], types: { "$.a": "tuple", "$.a[1]": "float" } });
    expect(literal("(1,)")).toEqual({ value: [1], types: { "$.a": "tuple" } });
    expect(literal("()")).toEqual({ value: [], types: { "$.a": "tuple" } });
    // Parentheses around one value without a comma are grouping, not a tuple.
    expect(literal("(1)")).toEqual({ value: 1, types: undefined });
    expect(literal("((1.0))")).toEqual({ value: 1, types: { "$.a": "float" } });
  });

  it("reads nested lists and dicts with paths in pythonTypes", () => {
    const result = literal("{'outer': [{'x': 1.0}, (2,)], 'my key': 3.0}");
    expect(result).toEqual({
      value: { outer: [{ x: 1 }, [2]], "my key": 3 },
      types: { "$.a.outer[0].x": "float", "$.a.outer[1]": "tuple", '$.a["my key"]': "float" },
    });
  });

  it("turns non-string dict keys into their Python repr", () => {
    const result = literal("{1: 'a', 2.0: 'b', True: 'c', None: 'd', (1, 'x'): 'e', -3: 'f', 0x10: 'g'}");
    expect(result.value).toEqual({
      "1": "a",
      "2.0": "b",
      True: "c",
      None: "d",
      "(1, 'x')": "e",
      "-3": "f",
      "16": "g",
    });
  });

  it("lets a repeated dict key keep its first position and last value, dropping the first's types", () => {
    const result = literal("{'k': 1.0, 'j': 2, 'k': 3}");
    expect(result).toEqual({ value: { k: 3, j: 2 }, types: undefined });
    expect(Object.keys(result.value as object)).toEqual(["k", "j"]);
  });

  it("reads an empty dict and an empty list", () => {
    expect(literal("{}")).toEqual({ value: {}, types: undefined });
    expect(literal("[]")).toEqual({ value: [], types: undefined });
  });
});

describe("Python format errors", () => {
  it.each<[string, string, number]>([
    ["'abc", "unterminated string", 0],
    ["'abc\n'", "unterminated string", 0],
    ["'''abc", "unterminated string", 0],
    ["r'abc\\'", "unterminated string", 0],
    ["b'abc'", "bytes literals are not supported", 0],
    ["f'{x}'", "f-strings are not supported", 0],
    ["'\\x4'", "truncated \\xXX escape", 1],
    ["'ab\\u12'", "truncated \\uXXXX escape", 3],
    ["'\\U0011FFFF'", "\\U escape out of Unicode range", 1],
    ["'\\N{DASH}'", "\\N{...} escapes are not supported", 1],
    ["inf", "expected a literal value, found the name 'inf'", 0],
    ["nan", "expected a literal value, found the name 'nan'", 0],
    ["-inf", "expected a number after '-'", 1],
    ["x.y", "expected a literal value, found the name 'x.y'", 0],
    ["g(1)", "nested calls are not supported", 0],
    ["[1, m.g (x=1)]", "nested calls are not supported", 4],
    ["{1, 2}", "set literals are not supported (JSON has no sets)", 0],
    ["{'k'}", "set literals are not supported (JSON has no sets)", 0],
    ["{[1]: 2}", "unhashable dict key (list)", 1],
    ["{(1, [2]): 2}", "unhashable dict key (tuple)", 1],
    ["{'k' 1}", "expected ':'", 5],
    ["1j", "complex numbers are not supported", 0],
    ["007", "leading zeros in decimal integer literals are not permitted", 0],
    ["1__0", "invalid number literal", 0],
    ["1.2.3", "invalid number literal", 0],
    ["1e", "invalid number literal", 0],
    ["12abc", "invalid number literal", 0],
    ["0x", "invalid number literal", 0],
    ["1e400", "number too large for JSON", 0],
    ["-1e400", "number too large for JSON", 0],
    ["--1", "expected a number after '-'", 1],
    ["-True", "expected a number after '-'", 1],
    ["1 + 2", "expected ',' or ')'", 2],
    ["[1 2]", "expected ',' or ']'", 3],
    ["(1 2)", "expected ',' or ')'", 3],
    ["{'a': 1 'b': 2}", "expected ',' or '}'", 8],
    ["*x", "expected a value, found '*'", 0],
    ["lambda: 1", "expected a literal value, found the name 'lambda'", 0],
  ])("refuses %s: %s", (source, reason, offset) => {
    expect(literalError(source)).toEqual({ reason, offset });
  });

  it("refuses nesting deeper than 200 levels at the bracket that goes too deep", () => {
    expect(literalError(`${"[".repeat(250)}${"]".repeat(250)}`)).toEqual({
      reason: "nesting deeper than 200 levels",
      offset: 199,
    });
  });

  it.each<[string, string, number]>([
    ["f(1)", "positional arguments are not supported: calls need named arguments (name=value)", 2],
    ["f(a=1, x)", "positional arguments are not supported: calls need named arguments (name=value)", 7],
    ["f(a == 1)", "positional arguments are not supported: calls need named arguments (name=value)", 2],
    ["f(*args)", "argument unpacking (*args, **kwargs) is not supported", 2],
    ["f(**kw)", "argument unpacking (*args, **kwargs) is not supported", 2],
    ["f(a=1, a=2)", "repeated keyword argument 'a'", 7],
    ["f(a=1 b=2)", "expected ',' or ')'", 6],
    ["f(a=1", "unexpected end of input: expected ',' or ')'", 5],
    ["f(a=", "unexpected end of input: expected a value", 4],
    ["[f(a=1) g(b=2)]", "expected ',' or ']'", 8],
    ["[f(a=1), 3]", "expected a function call", 9],
    ["[f(a=1), g]", "expected '(' after the function name", 10],
    ["[f(a=1), g(b=", "unexpected end of input: expected a value", 13],
    ["f(a=1), g", "unexpected end of input: expected '(' after the function name", 9],
    ["f(a=1)x", "unexpected text after the calls", 6],
    ["[f(a=1)]]", "unexpected text after the calls", 8],
  ])("refuses the calls %s: %s", (text, reason, offset) => {
    expect(parseToolCalls(text)).toEqual(formatError(reason, offset));
  });
});
