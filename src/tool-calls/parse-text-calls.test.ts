import { describe, expect, it } from "vitest";
import { parseToolCalls } from "./parse-tool-calls.js";

function formatError(reason: string, offset: number) {
  return { type: "format_error", reason, offset };
}

const F = { name: "f", arguments: { a: 1 } };
const G = { name: "g", arguments: { b: "x" } };

describe("<tool_call> tags", () => {
  it("reads one call per tag, in order, ignoring prose around them", () => {
    const text =
      'I will call two tools.\n<tool_call>\n{"name": "f", "arguments": {"a": 1}}\n</tool_call>\n' +
      '<tool_call>{"name": "g", "arguments": {"b": "x"}}</tool_call>\nDone.';
    expect(parseToolCalls(text)).toEqual({ type: "calls", syntax: "json", calls: [F, G] });
  });

  it("reads an array inside a tag, and Python calls inside a tag", () => {
    const json =
      '<tool_call>[{"name": "f", "arguments": {"a": 1}}, {"name": "g", "arguments": {"b": "x"}}]</tool_call>';
    expect(parseToolCalls(json)).toEqual({ type: "calls", syntax: "json", calls: [F, G] });
    expect(parseToolCalls("<tool_call>[f(a=1), g(b='x')]</tool_call>")).toEqual({
      type: "calls",
      syntax: "python",
      calls: [F, G],
    });
  });

  it("lets a tag left open run to the next tag or the end", () => {
    const text =
      '<tool_call>{"name": "f", "arguments": {"a": 1}}\n<tool_call>{"name": "g", "arguments": {"b": "x"}}';
    expect(parseToolCalls(text)).toEqual({ type: "calls", syntax: "json", calls: [F, G] });
  });

  it("reports errors inside tags at their offset in the whole output", () => {
    const text =
      '<tool_call>{"name": "f", "arguments": {"a": 1}}</tool_call><tool_call>{"name": "g", "arguments": {"b": }}</tool_call>';
    expect(parseToolCalls(text)).toEqual(
      formatError("expected a JSON value, found '}'", text.indexOf("}}</tool_call>", 60)),
    );
  });

  it("refuses an empty tag, a cut-off call and text after the call in a tag", () => {
    expect(parseToolCalls("<tool_call> </tool_call>")).toEqual(formatError("empty <tool_call> tag", 11));
    expect(parseToolCalls('<tool_call>{"name": "f", "argu')).toEqual(formatError("unterminated string", 25));
    expect(parseToolCalls('<tool_call>{"name": "f", "arguments": {}} ok</tool_call>')).toEqual(
      formatError("unexpected text after the calls in a <tool_call> tag", 42),
    );
    expect(parseToolCalls("Let me use <tool_call> tags.")).toEqual(
      formatError("expected '(' after the function name", 27),
    );
    expect(parseToolCalls("Use <tool_call> (if needed).")).toEqual(formatError("expected a tool call", 16));
  });

  it("reads an empty array in a tag as no call", () => {
    expect(parseToolCalls("<tool_call>[]</tool_call>")).toEqual({
      type: "no_call",
      text: "<tool_call>[]</tool_call>",
    });
  });
});

describe("code fences", () => {
  it("reads json, python and tool_code fences, several in order", () => {
    const text =
      'First:\n```json\n{"name": "f", "arguments": {"a": 1}}\n```\nThen:\n```python\ng(b="x")\n```\n';
    expect(parseToolCalls(text)).toEqual({ type: "calls", syntax: "json", calls: [F, G], inProse: true });
    expect(parseToolCalls("```tool_code\nf(a=1)\n```")).toEqual({
      type: "calls",
      syntax: "python",
      calls: [F],
      inProse: true,
    });
  });

  it("reads an unmarked fence whose body starts like a call, and an inline fence", () => {
    expect(parseToolCalls("```\n[f(a=1)]\n```")).toEqual({ type: "calls", syntax: "python", calls: [F] });
    expect(parseToolCalls("Call: ```f(a=1)```")).toEqual({
      type: "calls",
      syntax: "python",
      calls: [F],
      inProse: true,
    });
  });

  it("ignores fences of other languages and unmarked fences of other text", () => {
    const bash = "Run this:\n```bash\nls -la\n```";
    expect(parseToolCalls(bash)).toEqual({ type: "no_call", text: bash });
    const plain = "Output:\n```\nhello world\n```";
    expect(parseToolCalls(plain)).toEqual({ type: "no_call", text: plain });
  });

  it("takes a marked fence as an attempt even when its content fails", () => {
    expect(parseToolCalls("```python\nimport math\n```")).toEqual(
      formatError("expected '(' after the function name", 17),
    );
    expect(parseToolCalls("```json\n\n```")).toEqual(formatError("empty code fence", 8));
    expect(parseToolCalls('```json\n{"name": "f", "arguments": {"a": 1}}')).toEqual({
      type: "calls",
      syntax: "json",
      calls: [F],
      inProse: true,
    });
  });
});

describe("no_call or format_error", () => {
  it.each([
    "The answer is 42.",
    "I can't help with that (sorry).",
    "Use the list [a, b] or the set {c}.",
    "Call get_weather(city='Paris') yourself.",
    "Sure: {not json} here",
    "x = [1, 2, 3] is a list",
    "Paris (France) is sunny today.\nTemperature (C): 21",
    "",
    "   \n\t ",
  ])("takes prose as no_call: %j", (text) => {
    expect(parseToolCalls(text)).toEqual({ type: "no_call", text });
  });

  it.each<[string, string, number]>([
    ["[1, 2, 3]", "expected a function-call object, got the number 1", 1],
    ["[Thinking about it]", "expected '(' after the function name", 10],
    ["{}", "unknown function-call shape: object has no 'name'", 0],
    ["  {oops", "expected a string key", 3],
    ["Hello(world)", "positional arguments are not supported: calls need named arguments (name=value)", 6],
    ["get_weather(city='Paris'", "unexpected end of input: expected ',' or ')'", 24],
    ["[f(a=1)][g(b=2)]", "unexpected text after the calls", 8],
    ["[f(a=1)]!x", "unexpected text after the calls", 8],
  ])("takes a failed attempt as format_error: %j", (text, reason, offset) => {
    expect(parseToolCalls(text)).toEqual(formatError(reason, offset));
  });

  it("ignores prose after calls when spacing or a final punctuation mark separates it", () => {
    expect(parseToolCalls("[f(a=1)] Let me know if you need more.")).toEqual({
      type: "calls",
      syntax: "python",
      calls: [F],
      inProse: true,
    });
    expect(parseToolCalls('{"name": "f", "arguments": {"a": 1}}.')).toEqual({
      type: "calls",
      syntax: "json",
      calls: [F],
      inProse: true,
    });
    expect(parseToolCalls("f(a=1)\nThat should do it.")).toEqual({
      type: "calls",
      syntax: "python",
      calls: [F],
      inProse: true,
    });
  });

  it("reads a call after prose at a bracket or at the start of a line", () => {
    expect(parseToolCalls("Sure! [get_weather(city='Paris')]")).toEqual({
      type: "calls",
      syntax: "python",
      calls: [{ name: "get_weather", arguments: { city: "Paris" } }],
      inProse: true,
    });
    expect(parseToolCalls("Here is the call: [f(a=1)] Hope it helps.")).toEqual({
      type: "calls",
      syntax: "python",
      calls: [F],
      inProse: true,
    });
    expect(parseToolCalls('Calling: {"name": "f", "arguments": {"a": 1}}')).toEqual({
      type: "calls",
      syntax: "json",
      calls: [F],
      inProse: true,
    });
    expect(parseToolCalls("Sure, here you go:\n  f(a=1), g(b='x')")).toEqual({
      type: "calls",
      syntax: "python",
      calls: [F, G],
      inProse: true,
    });
  });

  it("takes the first bracket after prose that parses, skipping ones that do not", () => {
    const text = "Options [a, b] aside, I'll run [f(a=1)] now.";
    expect(parseToolCalls(text)).toEqual({ type: "calls", syntax: "python", calls: [F], inProse: true });
  });

  it("marks calls read out of prose, and not calls that are the whole text less spacing and backticks", () => {
    for (const text of [
      "[f(a=1)]",
      "  f(a=1)\n",
      "```\n[f(a=1)]\n```",
      '[{"name": "f", "arguments": {"a": 1}}]',
    ]) {
      expect(parseToolCalls(text), text).not.toHaveProperty("inProse");
    }
    const tagged = 'Sure.\n<tool_call>\n{"name": "f", "arguments": {"a": 1}}\n</tool_call>';
    expect(parseToolCalls(tagged)).not.toHaveProperty("inProse");
  });

  it("does not take an element of a cut-off list after prose as a whole call", () => {
    const text = 'Sure! [{"name": "f", "arguments": {"a": 1}}, {"name": "g", "arguments": {"b": "x"}}';
    expect(parseToolCalls(text)).toEqual({ type: "no_call", text });
    const nested = 'Ok: [{"name": "f", "arguments": {"x": {"name": "g", "arguments": {}}}}';
    expect(parseToolCalls(nested)).toEqual({ type: "no_call", text: nested });
  });

  it("prefers tags or fences that parse over a failed start", () => {
    const text = '[Thinking] done.\n<tool_call>{"name": "f", "arguments": {"a": 1}}</tool_call>';
    expect(parseToolCalls(text)).toEqual({ type: "calls", syntax: "json", calls: [F] });
  });

  it("keeps the first attempt's error when the tags fail too", () => {
    const text = "[oops\n<tool_call>{}</tool_call>";
    expect(parseToolCalls(text)).toEqual(formatError("expected '(' after the function name", 6));
  });

  it("returns the original text, spacing included, for no_call", () => {
    expect(parseToolCalls("  []\n")).toEqual({ type: "no_call", text: "  []\n" });
  });
});

describe("options.syntaxes", () => {
  it("refuses a clear attempt in a syntax left out", () => {
    expect(parseToolCalls("f(a=1)", { syntaxes: ["json"] })).toEqual(
      formatError("Python tool calls are not accepted here (options.syntaxes)", 0),
    );
    expect(parseToolCalls(' {"name": "f", "arguments": {}}', { syntaxes: ["python", "openai"] })).toEqual(
      formatError("JSON tool calls are not accepted here (options.syntaxes)", 1),
    );
  });

  it("does not look for a left-out syntax inside prose", () => {
    const text = "Sure! [f(a=1)]";
    expect(parseToolCalls(text, { syntaxes: ["json"] })).toEqual({ type: "no_call", text });
  });

  it("still reads the syntaxes left in", () => {
    expect(parseToolCalls("[f(a=1)]", { syntaxes: ["python"] })).toEqual({
      type: "calls",
      syntax: "python",
      calls: [F],
    });
    expect(parseToolCalls("[]", { syntaxes: ["python"] })).toEqual({ type: "no_call", text: "[]" });
  });
});
