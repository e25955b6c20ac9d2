import { describe, expect, it } from "vitest";
import { renderChat } from "../chat-template/index.js";
import { WEATHER_TOOLS } from "../chat-template/test-support/test-conversations.js";
import type { ChatMessage } from "../dataset/chat-message.js";
import { assistantMessageFor } from "./assistant-message.js";
import { ChatRenderer } from "./chat-renderer.js";

const renderer = new ChatRenderer();
const context: ChatMessage[] = [{ role: "user", content: "Weather in Paris?" }];
const forText = (text: string, using = renderer) =>
  assistantMessageFor({ renderer: using, context, tools: WEATHER_TOOLS, text });

describe("assistantMessageFor", () => {
  it("stores calls written in the template's format as tool_calls, with the arguments' text as written", () => {
    const text =
      '<tool_call>{"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}</tool_call>';
    const { message, form } = forText(text);
    expect(form).toBe("tool_calls");
    expect(message).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [
        {
          id: "call_1",
          type: "function",
          function: { name: "get_weather", arguments: '{"city": "Paris", "unit": "celsius"}' },
        },
      ],
    });
    expect(renderer.completion(context, WEATHER_TOOLS, message)).toBe(`${text}<|end|>`);
  });

  it("keeps prose before the calls as content, and parallel calls as several tool_calls", () => {
    const text =
      'Checking both.\n<tool_call>{"name": "get_weather", "arguments": {"city": "Paris"}}</tool_call>\n' +
      '<tool_call>{"name": "get_weather", "arguments": {"city": "Rome"}}</tool_call>';
    const { message, form } = forText(text);
    expect(form).toBe("tool_calls");
    expect(message.content).toBe("Checking both.");
    expect(message.tool_calls?.map((call) => call.function.arguments)).toEqual([
      '{"city": "Paris"}',
      '{"city": "Rome"}',
    ]);
    expect(renderer.completion(context, WEATHER_TOOLS, message)).toBe(`${text}<|end|>`);
  });

  it("keeps arguments that are not an object as the verbatim string the template writes", () => {
    const text = '<tool_call>{"name": "get_weather", "arguments": "Paris"}</tool_call>';
    const { message, form } = forText(text);
    expect(form).toBe("tool_calls");
    expect(message.tool_calls?.[0]?.function.arguments).toBe('"Paris"');
  });

  it("stores raw content when re-rendering would change the text", () => {
    for (const text of [
      '<tool_call>{"name": "get_weather", "arguments": {"city":"Paris"}}</tool_call>',
      '<tool_call>{"name": "get_weather", "arguments": {"city": "P\\u00e4ris"}}</tool_call>',
      '<tool_call>{"name":"get_weather", "arguments": {"city": "Paris"}}</tool_call>',
      '<tool_call>{"name": "get_weather", "arguments": {"city": "Par',
      '<tool_call>{"name": "get_weather", "arguments": {"city": "Paris"}}</tool_call> trailing',
      'Sure<tool_call>{"name": "f", "arguments": {}}</tool_call>',
      "It is sunny in Paris.",
    ]) {
      const { message, form } = forText(text);
      expect(form, text).toBe("content");
      expect(message).toEqual({ role: "assistant", content: text });
      expect(renderer.completion(context, WEATHER_TOOLS, message)).toBe(`${text}<|end|>`);
    }
  });

  it("stores raw content under a template that does not render tool calls", () => {
    const chatml = new ChatRenderer({
      chatTemplate:
        "{% for m in messages %}{{ '<|im_start|>' + m['role'] + '\\n' + (m['content'] or '') + '<|im_end|>' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}",
    });
    const text = '<tool_call>{"name": "get_weather", "arguments": {"city": "Paris"}}</tool_call>';
    expect(forText(text, chatml)).toEqual({ message: { role: "assistant", content: text }, form: "content" });
  });

  it("cuts completions out exactly as the trainer's turn boundaries do", () => {
    const message = { role: "assistant" as const, content: "Hello" };
    const full = renderChat({ messages: [...context, message], tools: WEATHER_TOOLS });
    const prompt = renderer.prompt(context, WEATHER_TOOLS);
    expect(full).toBe(prompt + renderer.completion(context, WEATHER_TOOLS, message));
  });
});
