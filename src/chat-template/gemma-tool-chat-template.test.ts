import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../dataset/chat-message.js";
import { GEMMA_TOOL_CHAT_TEMPLATE, modelToolChatFormat, renderChat, TOOL_CHAT_TEMPLATE } from "./index.js";

const tools = [
  {
    type: "function" as const,
    function: {
      name: "get_weather",
      description: "Weather",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  },
];
const call = (id: string, city: string) => ({
  id,
  type: "function" as const,
  function: { name: "get_weather", arguments: JSON.stringify({ city }) },
});
const messages: ChatMessage[] = [
  { role: "system", content: "Be brief." },
  { role: "user", content: "Weather in Paris and Rome?" },
  { role: "assistant", content: null, tool_calls: [call("c0", "Paris"), call("c1", "Rome")] },
  { role: "tool", tool_call_id: "c0", content: '{"t":12}' },
  { role: "tool", tool_call_id: "c1", content: '{"t":20}' },
  { role: "assistant", content: "12 C and 20 C" },
];
const render = (list: ChatMessage[], options: { tools?: typeof tools; addGenerationPrompt?: boolean } = {}) =>
  renderChat({ messages: list, chatTemplate: GEMMA_TOOL_CHAT_TEMPLATE, bosToken: "<bos>", ...options });

describe("ttpa's tool format in Gemma's turns", () => {
  it("puts system text and tools at the start of the first user turn, and calls in the model's turn", () => {
    const text = render(messages, { tools });
    const toolsBlock = renderChat({ messages: [], tools, chatTemplate: TOOL_CHAT_TEMPLATE, bosToken: "" })
      .replace("<|system|>", "")
      .replace("<|end|>", "");
    expect(text).toBe(
      `<bos><start_of_turn>user\nBe brief.\n\n${toolsBlock}\n\nWeather in Paris and Rome?<end_of_turn>\n` +
        '<start_of_turn>model\n<tool_call>{"name": "get_weather", "arguments": {"city": "Paris"}}</tool_call>\n' +
        '<tool_call>{"name": "get_weather", "arguments": {"city": "Rome"}}</tool_call><end_of_turn>\n' +
        '<start_of_turn>user\n<tool_response>\n{"t":12}\n</tool_response>\n<tool_response>\n{"t":20}\n</tool_response><end_of_turn>\n' +
        "<start_of_turn>model\n12 C and 20 C<end_of_turn>\n",
    );
    expect(toolsBlock).toContain('{"name": "get_weather", "description": "Weather"');
  });

  it("alternates user and model turns whatever the roles, and ends a prompt with the model's header", () => {
    const text = render(messages.slice(1, 2), { addGenerationPrompt: true });
    expect(text).toBe(
      "<bos><start_of_turn>user\nWeather in Paris and Rome?<end_of_turn>\n<start_of_turn>model\n",
    );
    const roles = [...render(messages, { tools }).matchAll(/<start_of_turn>(\w+)/g)].map((m) => m[1]);
    expect(roles).toEqual(["user", "model", "user", "model"]);
  });

  it("is chosen for Gemma models whose own template ignores tools, and not over a template that reads them", () => {
    expect(modelToolChatFormat("gemma3", undefined)).toEqual({
      chatTemplate: GEMMA_TOOL_CHAT_TEMPLATE,
      eosToken: "<end_of_turn>",
    });
    expect(modelToolChatFormat("gemma3", "{{ bos_token }}{% for m in messages %}...")).toBeDefined();
    expect(modelToolChatFormat("qwen3", "{%- if tools %}...")).toBeUndefined();
    expect(modelToolChatFormat("llama", undefined)).toBeUndefined();
  });
});
