import { describe, expect, it } from "vitest";
import { classifyCharacters } from "./call-lexer.js";
import type { TokenClass } from "./token-class.js";
import { classifyTokens, type Span } from "./token-texts.js";

const CODE: Record<TokenClass, string> = {
  name: "n",
  key: "k",
  "value-start": "V",
  value: "v",
  text: "t",
  structure: "s",
};

/** One letter per character: n name, k key, V value start, v value, t text, s structure. */
const codes = (text: string) =>
  classifyCharacters(text)
    .map((c) => CODE[c])
    .join("");

/** The codes of the characters of `part` (its first occurrence at or after `from`). */
const codesOf = (text: string, part: string, from = 0) => {
  const at = text.indexOf(part, from);
  if (at < 0) throw new Error(`'${part}' is not in the text`);
  return codes(text).slice(at, at + part.length);
};

describe("classifyCharacters", () => {
  it("classifies a tagged call: name, keys, value starts, values and the format around them", () => {
    const text = '<tool_call>{"name": "get_weather", "arguments": {"city": "Paris", "days": 3}}</tool_call>';
    expect(codes(text)).toBe(
      `${"s".repeat(11)}${"s".repeat(10)}${"n".repeat(11)}s${"s".repeat(16)}skkkksss` +
        `VVvvvvs` +
        `ss` +
        `skkkksss` +
        `Vss${"s".repeat(12)}`,
    );
  });

  it("marks nested argument keys as keys and every nested value's first character as a value start", () => {
    const text =
      '<tool_call>{"name": "f", "arguments": {"filter": {"min": 10, "tags": ["a", "bc"]}, "on": true}}</tool_call>';
    expect(codesOf(text, '{"min"')).toBe("Vskkks");
    expect(codesOf(text, "10")).toBe("Vv");
    expect(codesOf(text, '["a", "bc"]')).toBe("VVVsssVVvss");
    expect(codesOf(text, "true")).toBe("Vvvv");
    expect(codesOf(text, '"tags"')).toBe("skkkks");
  });

  it("treats an empty string value's closing quote as its start, and escapes as part of the value", () => {
    const text = '<tool_call>{"name": "f", "arguments": {"a": "", "b": "x\\"y"}}</tool_call>';
    expect(codesOf(text, '""')).toBe("VV");
    expect(codesOf(text, '"x\\"y"')).toBe("VVvvvs");
  });

  it("leaves prose as text, and reads parallel calls in their own tags", () => {
    const text =
      'Sure, checking.\n<tool_call>{"name": "a", "arguments": {}}</tool_call>\n<tool_call>{"name": "bb", "arguments": {"x": 1}}</tool_call>';
    expect(codesOf(text, "Sure, checking.\n")).toBe("t".repeat(16));
    expect(codesOf(text, '"a"')).toBe("sns");
    expect(codesOf(text, '"bb"')).toBe("snns");
    expect(codesOf(text, '"x"')).toBe("sks");
    expect(codesOf(text, "1}")).toBe("Vs");
    // The newline between the blocks is prose in the template's sense: outside any call.
    expect(codesOf(text, "</tool_call>\n<tool_call>")).toBe(`${"s".repeat(12)}t${"s".repeat(11)}`);
  });

  it("reads bare JSON calls at a line start, arrays of calls and OpenAI's function wrapper", () => {
    const text =
      '[{"name": "a", "arguments": {"k": 1}}, {"type": "function", "function": {"name": "b", "parameters": {"q": "z"}}}]';
    expect(codesOf(text, '"a"')).toBe("sns");
    expect(codesOf(text, '"k"')).toBe("sks");
    expect(codesOf(text, '"function"')).toBe("ssssssssss");
    expect(codesOf(text, '"b"')).toBe("sns");
    expect(codesOf(text, '"q"')).toBe("sks");
    expect(codesOf(text, '"z"')).toBe("VVs");
    expect(codes("I think {x} is fine")).toBe("t".repeat(19));
  });

  it("marks everything after the point where a call stops parsing as format, to the end of its block", () => {
    const text = '<tool_call>{"name": "f", "arguments": {"city": Paris}}</tool_call> ok';
    expect(codesOf(text, '"city"')).toBe("skkkks");
    expect(codesOf(text, "Paris}}")).toBe("Vvvvvss");
    expect(codesOf(text, " ok")).toBe("ttt");
    const broken = '<tool_call>{"name": "f", "arguments": {"city": "Pa';
    expect(codesOf(broken, '"Pa')).toBe("VVv");
    const garbage = '<tool_call>{"name" x "f"}</tool_call>';
    expect(codesOf(garbage, ' x "f"}')).toBe("sssssss");
  });
});

describe("classifyTokens", () => {
  it("gives a token the most decisive class among its characters, and structure to tokens without text", () => {
    const text = '<tool_call>{"name": "get_weather", "arguments": {"city": "Paris"}}</tool_call>';
    const pieces = [
      "<tool_call>",
      '{"',
      "name",
      '":',
      ' "',
      "get",
      "_weather",
      '",',
      ' "arguments": {"',
      "city",
      '":',
      ' "',
      "Par",
      "is",
      '"}}',
      "</tool_call>",
      "",
    ];
    const spans: Span[] = [];
    let at = 0;
    for (const piece of pieces) {
      spans.push([at, at + piece.length]);
      at += piece.length;
    }
    expect(pieces.join("")).toBe(text);
    expect(classifyTokens(spans, classifyCharacters(text))).toEqual([
      "structure",
      "structure",
      "structure",
      "structure",
      "structure",
      "name",
      "name",
      "structure",
      "structure",
      "key",
      "structure",
      "value-start",
      "value-start",
      "value",
      "structure",
      "structure",
      "structure",
    ]);
  });
});
