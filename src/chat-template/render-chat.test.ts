import { describe, expect, it } from "vitest";
import type { DatasetRecord } from "../dataset/dataset-record.js";
import { parseToolCalls } from "../tool-calls/index.js";
import { renderChat, renderPrompt, TOOL_CHAT_TOKENS } from "./index.js";
import { WEATHER_CONVERSATION, WEATHER_TOOLS } from "./test-support/test-conversations.js";

const SYSTEM_WITH_TOOLS =
  "<|system|>You are a helpful assistant.\n\n# Tools\n\n" +
  "You may call the functions below. Each line in <tools></tools> is one function signature as JSON:\n<tools>\n" +
  '{"name": "get_weather", "description": "Current weather in a city.", "parameters": {"type": "object", ' +
  '"properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, ' +
  '"required": ["city"]}}\n' +
  '{"name": "book_table", "parameters": {"type": "object", "properties": {"restaurant": {"type": "string"}, ' +
  '"people": {"type": "integer"}}}}\n</tools>\n\n' +
  "To call a function, write one JSON object per call with its name and arguments:\n" +
  '<tool_call>{"name": <function-name>, "arguments": <arguments-object>}</tool_call><|end|>';

describe("renderChat", () => {
  it("renders system and tools, parallel calls, tool results, answers and a second turn", () => {
    expect(renderChat({ messages: WEATHER_CONVERSATION, tools: WEATHER_TOOLS })).toBe(
      "<|begin_of_text|>" +
        SYSTEM_WITH_TOOLS +
        "<|user|>Weather in Paris and Tokyo?<|end|>" +
        '<|assistant|><tool_call>{"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}</tool_call>\n' +
        '<tool_call>{"name": "get_weather", "arguments": {"unit": "celsius", "city": "東京"}}</tool_call><|end|>' +
        '<|tool|>{"temp": 21}<|end|><|tool|>{"temp": 18}<|end|>' +
        "<|assistant|>Paris: 21°C, Tokyo: 18°C.<|end|>" +
        "<|user|>Book a table for 2 at Chez Nous.<|end|>" +
        '<|assistant|>Booking now.\n<tool_call>{"name": "book_table", "arguments": {"restaurant": "Chez Nous", "people": 2}}</tool_call><|end|>' +
        "<|tool|>booked<|end|><|assistant|>Done!<|end|>",
    );
  });

  it("writes a system turn for tools alone, and none without system message or tools", () => {
    const user = [{ role: "user" as const, content: "hi" }];
    expect(renderChat({ messages: user })).toBe("<|begin_of_text|><|user|>hi<|end|>");
    const withTools = renderChat({ messages: user, tools: WEATHER_TOOLS });
    expect(withTools.startsWith("<|begin_of_text|><|system|># Tools\n\nYou may call")).toBe(true);
    expect(withTools.endsWith("</tool_call><|end|><|user|>hi<|end|>")).toBe(true);
  });

  it("writes arguments that are not a JSON object verbatim", () => {
    const text = renderChat({
      messages: [
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "x", type: "function", function: { name: "f", arguments: '{"a": 1,' } }],
        },
      ],
    });
    expect(text).toBe(
      '<|begin_of_text|><|assistant|><tool_call>{"name": "f", "arguments": {"a": 1,}</tool_call><|end|>',
    );
  });

  it("renderPrompt ends with the assistant header", () => {
    const prompt = renderPrompt({ messages: WEATHER_CONVERSATION.slice(0, 2), tools: WEATHER_TOOLS });
    expect(prompt).toBe(
      `${renderChat({ messages: WEATHER_CONVERSATION.slice(0, 2), tools: WEATHER_TOOLS })}<|assistant|>`,
    );
    expect(prompt.endsWith(`<|end|>${TOOL_CHAT_TOKENS.assistant}`)).toBe(true);
  });

  it("renders a record's calls so that parsing the assistant part gives them back", () => {
    const record: DatasetRecord = {
      id: "r1",
      tools: WEATHER_TOOLS,
      messages: WEATHER_CONVERSATION,
      meta: {},
    };
    const text = renderChat({ messages: record.messages, tools: record.tools });
    const assistantParts = text
      .split(TOOL_CHAT_TOKENS.assistant)
      .slice(1)
      .map((part) => part.slice(0, part.indexOf(TOOL_CHAT_TOKENS.endOfTurn)));
    const assistants = record.messages.filter((message) => message.role === "assistant");
    expect(assistantParts).toHaveLength(assistants.length);
    assistants.forEach((message, i) => {
      const part = assistantParts[i]!;
      const expected = (message.tool_calls ?? []).map((call) => ({
        name: call.function.name,
        arguments: JSON.parse(call.function.arguments),
      }));
      const byJson = [...part.matchAll(/<tool_call>(.*?)<\/tool_call>/gs)].map((match) =>
        JSON.parse(match[1]!),
      );
      expect(byJson).toEqual(expected);
      byJson.forEach((call, k) => {
        expect(Object.keys(call)).toEqual(["name", "arguments"]);
        expect(Object.keys(call.arguments)).toEqual(Object.keys(expected[k]!.arguments));
      });
      const parsed = parseToolCalls(part);
      if (expected.length > 0) expect(parsed).toMatchObject({ type: "calls", calls: expected });
      else expect(parsed.type).toBe("no_call");
    });
  });
});
