import { describe, expect, it } from "vitest";
import { parseToolCalls } from "./parse-tool-calls.js";

function calls(
  ...list: Array<{ name: string; arguments: Record<string, unknown>; pythonTypes?: Record<string, string> }>
) {
  return { type: "calls", syntax: "json", calls: list };
}

function formatError(reason: string, offset: number) {
  return { type: "format_error", reason, offset };
}

describe("JSON call shapes", () => {
  it.each([
    ['{"name": "f", "arguments": {"x": 1}}'],
    ['{"name": "f", "parameters": {"x": 1}}'],
    ['{"function": "f", "parameters": {"x": 1}}'],
    ['{"function": "f", "arguments": {"x": 1}}'],
    ['{"name": "f", "arguments": "{\\"x\\": 1}"}'],
    ['{"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{\\"x\\": 1}"}}'],
    ['{"type": "function", "function": {"name": "f", "arguments": {"x": 1}}}'],
    ['{"function": {"name": "f", "parameters": {"x": 1}}}'],
    ['  \n{"name":"f","arguments":{"x":1}}\n'],
  ])("reads %s", (text) => {
    expect(parseToolCalls(text)).toEqual(calls({ name: "f", arguments: { x: 1 } }));
  });

  it("reads an array as several calls, in order", () => {
    const text =
      '[{"name": "f", "arguments": {}}, {"type": "function", "function": {"name": "g", "arguments": "{}"}}]';
    expect(parseToolCalls(text)).toEqual(calls({ name: "f", arguments: {} }, { name: "g", arguments: {} }));
  });

  it("reads objects written one after another as several calls", () => {
    const text =
      '{"name": "f", "arguments": {}}\n{"name": "g", "arguments": {}}; {"name": "h", "arguments": {}}';
    expect(parseToolCalls(text)).toEqual(
      calls({ name: "f", arguments: {} }, { name: "g", arguments: {} }, { name: "h", arguments: {} }),
    );
  });

  it("records integral floats as Python floats, as a JSON reader in Python keeps them", () => {
    const result = parseToolCalls(
      '{"name": "f", "arguments": {"x": 5.0, "y": [1, 2e0, 2.5], "z": "\\u00e9\\n"}}',
    );
    expect(result).toEqual(
      calls({
        name: "f",
        arguments: { x: 5, y: [1, 2, 2.5], z: "é\n" },
        pythonTypes: { "$.x": "float", "$.y[1]": "float" },
      }),
    );
    const plain = parseToolCalls('{"name": "f", "arguments": {"x": 5, "y": [1, 2]}}');
    if (plain.type === "calls") expect(plain.calls[0]).not.toHaveProperty("pythonTypes");
  });

  it("records integral floats inside an arguments string and in OpenAI tool_calls", () => {
    expect(parseToolCalls('{"name": "f", "arguments": "{\\"a\\": {\\"b\\": 1.0}}"}')).toEqual(
      calls({ name: "f", arguments: { a: { b: 1 } }, pythonTypes: { "$.a.b": "float" } }),
    );
    const message = {
      role: "assistant",
      content: null,
      tool_calls: [{ type: "function", function: { name: "g", arguments: '{"n": [1.0, 3.0]}' } }],
    };
    expect(parseToolCalls(message)).toEqual({
      type: "calls",
      syntax: "openai",
      calls: [{ name: "g", arguments: { n: [1, 3] }, pythonTypes: { "$.n[0]": "float", "$.n[1]": "float" } }],
    });
  });

  it("reads an empty array as no call", () => {
    expect(parseToolCalls("[]")).toEqual({ type: "no_call", text: "[]" });
    expect(parseToolCalls(" [ ] ")).toEqual({ type: "no_call", text: " [ ] " });
  });
});

describe("JSON format errors", () => {
  it.each<[string, string, number]>([
    ["{}", "unknown function-call shape: object has no 'name'", 0],
    ['{"arguments": {}}', "unknown function-call shape: object has no 'name'", 0],
    ['{"name": "f"}', "unknown function-call shape: object has no 'arguments' or 'parameters'", 0],
    ['{"name": "Bob", "age": 3}', "unknown function-call shape: unexpected key 'age'", 16],
    [
      '{"name": "f", "arguments": {}, "parameters": {}}',
      "unknown function-call shape: both 'arguments' and 'parameters'",
      31,
    ],
    ['{"name": "", "arguments": {}}', 'function name must be a non-empty string, got the string ""', 9],
    ['{"name": 3, "arguments": {}}', "function name must be a non-empty string, got the number 3", 9],
    ['{"function": null, "arguments": {}}', "function name must be a non-empty string, got null", 13],
    ['{"name": "f", "arguments": [1]}', "arguments must be a JSON object, got an array", 27],
    ['{"name": "f", "arguments": "[1]"}', "arguments must be a JSON object, got an array", 27],
    [
      '{"name": "f", "arguments": "{\\"x\\": }"}',
      "arguments string is not valid JSON: expected a JSON value, found '}'",
      27,
    ],
    [
      '{"name": "f", "arguments": "{} x"}',
      "arguments string is not valid JSON: unexpected text after the value",
      27,
    ],
    [
      '{"type": "tool", "function": {"name": "f", "arguments": {}}}',
      `unknown function-call shape: 'type' is the string "tool", not "function"`,
      9,
    ],
    [
      '{"function": {"name": "f", "arguments": {}}, "name": "g"}',
      "unknown function-call shape: both a 'function' object and 'name'",
      45,
    ],
    [
      '{"function": {"name": "f", "arguments": {}, "id": 1}}',
      "unknown function-call shape: unexpected key 'id'",
      44,
    ],
    [
      '{"function": "f", "name": "g", "arguments": {}}',
      "unknown function-call shape: both 'function' and 'name'",
      18,
    ],
    ['[{"name": "f", "arguments": {}}, 3]', "expected a function-call object, got the number 3", 33],
    ['[[{"name": "f", "arguments": {}}]]', "expected a function-call object, got an array", 1],
    ['{"name": "f", "arguments": {"x": "abc}}', "unterminated string", 33],
    ['{"name": "f", "arguments": {"x": 1}', "unexpected end of input: expected ',' or '}'", 35],
    ['{"name": "f", "arguments": {"x": 1,}}', "expected a string key", 35],
    ['{"name": "f" "arguments": {}}', "expected ',' or '}'", 13],
    ['{"name" "f"}', "expected ':'", 8],
    ["{'name': 'f'}", "expected a string key", 1],
    ["{\"name\": 'f'}", "expected a JSON value (JSON strings use double quotes)", 9],
    ['{"name": "f", "arguments": {"x": True}}', "expected a JSON value, found 'T'", 33],
    ['{"name": "f", "arguments": {"x": 01}}', "expected ',' or '}'", 34],
    ['{"name": "f", "arguments": {"x": 1e999}}', "number too large", 33],
    ['{"name": "f", "arguments": {"x": "a\\qb"}}', "invalid escape '\\q' in string", 35],
    ['{"name": "f", "arguments": {"x": "a\nb"}}', "control character in string (escape it)", 35],
    ['{"name": "f", "arguments": {}}}', "unexpected text after the calls", 30],
  ])("refuses %s: %s", (text, reason, offset) => {
    expect(parseToolCalls(text)).toEqual(formatError(reason, offset));
  });

  it("refuses nesting deeper than 200 levels at the bracket that goes too deep", () => {
    // The outer object is level 0, so the arguments' first bracket (offset 27) is level 1.
    const text = `{"name": "f", "arguments": ${"[".repeat(300)}`;
    expect(parseToolCalls(text)).toEqual(formatError("nesting deeper than 200 levels", 27 + 199));
  });
});
