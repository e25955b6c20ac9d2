import { describe, expect, it } from "vitest";
import type { AssistantMessage } from "../dataset/chat-message.js";
import { parseToolCalls } from "./parse-tool-calls.js";

function formatError(reason: string, offset: number) {
  return { type: "format_error", reason, offset };
}

function message(...calls: Array<{ name: unknown; arguments?: unknown }>) {
  return {
    role: "assistant",
    content: null,
    tool_calls: calls.map((fn, index) => ({ id: `call_${index}`, type: "function", function: fn })),
  };
}

describe("OpenAI assistant messages", () => {
  it("reads tool_calls with arguments as JSON strings, as dataset records store them", () => {
    const stored: AssistantMessage = {
      role: "assistant",
      content: null,
      tool_calls: [
        { id: "a", type: "function", function: { name: "f", arguments: '{"x": 1, "y": [true]}' } },
        { id: "b", type: "function", function: { name: "g", arguments: "{}" } },
      ],
    };
    expect(parseToolCalls(stored)).toEqual({
      type: "calls",
      syntax: "openai",
      calls: [
        { name: "f", arguments: { x: 1, y: [true] } },
        { name: "g", arguments: {} },
      ],
    });
  });

  it("reads arguments already parsed into an object, copying them", () => {
    const args = { x: { y: [1, null] } };
    const result = parseToolCalls(message({ name: "f", arguments: args }));
    expect(result).toEqual({ type: "calls", syntax: "openai", calls: [{ name: "f", arguments: args }] });
    if (result.type === "calls") expect(result.calls[0]?.arguments).not.toBe(args);
  });

  it("reads an empty arguments string as no arguments, and ignores content next to tool_calls", () => {
    const result = parseToolCalls({ ...message({ name: "f", arguments: " " }), content: "Calling f." });
    expect(result).toEqual({ type: "calls", syntax: "openai", calls: [{ name: "f", arguments: {} }] });
  });

  it("parses the content of a message without tool calls as text", () => {
    expect(parseToolCalls({ role: "assistant", content: "Hello there." })).toEqual({
      type: "no_call",
      text: "Hello there.",
    });
    expect(parseToolCalls({ role: "assistant", content: "[f(a=1)]", tool_calls: [] })).toEqual({
      type: "calls",
      syntax: "python",
      calls: [{ name: "f", arguments: { a: 1 } }],
    });
    expect(
      parseToolCalls({
        content: [
          { type: "text", text: '{"name": "f", ' },
          { type: "text", text: '"arguments": {}}' },
        ],
      }),
    ).toEqual({ type: "calls", syntax: "json", calls: [{ name: "f", arguments: {} }] });
    expect(parseToolCalls({ role: "assistant", content: null })).toEqual({ type: "no_call", text: "" });
    expect(parseToolCalls({ role: "assistant", content: null, tool_calls: null })).toEqual({
      type: "no_call",
      text: "",
    });
  });

  it("gives content errors offsets within the content", () => {
    expect(parseToolCalls({ role: "assistant", content: "f(a=1, 2)" })).toEqual(
      formatError("positional arguments are not supported: calls need named arguments (name=value)", 7),
    );
  });

  it("gives arguments-string errors offsets within the arguments string", () => {
    expect(
      parseToolCalls(message({ name: "f", arguments: "{}" }, { name: "g", arguments: '{"x": 1' })),
    ).toEqual(
      formatError("tool_calls[1].function.arguments: unexpected end of input: expected ',' or '}'", 7),
    );
    expect(parseToolCalls(message({ name: "f", arguments: '{"x": tru}' }))).toEqual(
      formatError("tool_calls[0].function.arguments: expected a JSON value, found 't'", 6),
    );
    expect(parseToolCalls(message({ name: "f", arguments: " [1, 2]" }))).toEqual(
      formatError("tool_calls[0].function.arguments must be a JSON object, got an array", 1),
    );
    expect(parseToolCalls(message({ name: "f", arguments: '{"x": 1} {}' }))).toEqual(
      formatError("tool_calls[0].function.arguments: unexpected text after the JSON value", 9),
    );
  });

  it.each<[string, unknown, string]>([
    ["a user message", { role: "user", content: "hi" }, 'the message\'s role is "user", not "assistant"'],
    ["tool_calls that is not an array", { role: "assistant", tool_calls: {} }, "tool_calls must be an array"],
    ["a tool call that is not an object", { tool_calls: ["f"] }, "tool_calls[0] is not an object"],
    [
      "a tool call of another type",
      { tool_calls: [{ type: "code", function: { name: "f", arguments: "{}" } }] },
      'tool_calls[0].type is "code", not "function"',
    ],
    [
      "a tool call without function",
      { tool_calls: [{ type: "function" }] },
      "tool_calls[0] has no 'function' object",
    ],
    [
      "a function without name",
      message({ name: "", arguments: "{}" }),
      "tool_calls[0].function.name must be a non-empty string",
    ],
    [
      "missing arguments",
      message({ name: "f" }),
      "tool_calls[0].function.arguments must be a JSON string or object, got nothing",
    ],
    [
      "array arguments",
      message({ name: "f", arguments: [1] }),
      "tool_calls[0].function.arguments must be a JSON string or object, got an array",
    ],
    [
      "non-finite arguments",
      message({ name: "f", arguments: { x: Number.NaN } }),
      "tool_calls[0].function.arguments must not hold the number NaN",
    ],
    [
      "undefined in arguments",
      message({ name: "f", arguments: { x: [undefined] } }),
      "tool_calls[0].function.arguments must not hold a value JSON cannot carry (undefined)",
    ],
    [
      "a Date in arguments",
      message({ name: "f", arguments: { when: new Date(0) } }),
      "tool_calls[0].function.arguments must not hold an object that is not plain data",
    ],
    [
      "content of another kind",
      { role: "assistant", content: 42 },
      "the message's content must be a string, an array of text parts, or null",
    ],
  ])("refuses %s with offset 0", (_label, output, reason) => {
    expect(parseToolCalls(output)).toEqual(formatError(reason, 0));
  });

  it("refuses cyclic arguments without overflowing the stack", () => {
    const args: Record<string, unknown> = {};
    args.self = args;
    expect(parseToolCalls(message({ name: "f", arguments: args }))).toEqual(
      formatError("tool_calls[0].function.arguments must not hold a cycle", 0),
    );
  });

  it("refuses outputs that are neither text nor a message", () => {
    expect(parseToolCalls(42)).toEqual(
      formatError("output must be text or an assistant message, got number", 0),
    );
    expect(parseToolCalls(null)).toEqual(
      formatError("output must be text or an assistant message, got null", 0),
    );
    expect(parseToolCalls(undefined)).toEqual(
      formatError("output must be text or an assistant message, got undefined", 0),
    );
    expect(parseToolCalls([{ name: "f", arguments: {} }])).toEqual(
      formatError("output must be text or an assistant message, got an array", 0),
    );
    expect(parseToolCalls({ name: "f", arguments: {} })).toEqual(
      formatError(
        "output must be text or an assistant message, got an object with no 'content', 'tool_calls' or 'role'",
        0,
      ),
    );
  });

  it("turns an exception from a hostile object into a format error", () => {
    const hostile = {
      get tool_calls(): unknown {
        throw new Error("boom");
      },
    };
    expect(parseToolCalls(hostile)).toEqual(formatError("internal parser error: boom", 0));
  });

  it("refuses tool_calls when options leave out the openai syntax", () => {
    expect(parseToolCalls(message({ name: "f", arguments: "{}" }), { syntaxes: ["json", "python"] })).toEqual(
      formatError("OpenAI tool_calls are not accepted here (options.syntaxes)", 0),
    );
  });
});
