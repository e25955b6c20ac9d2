/** Test fixtures: a toolset and conversations in the dataset's shape. Not part of the public API. */
import type { ChatMessage } from "../../dataset/chat-message.js";
import { createTokenizer, type TextTokenizer, trainBpeTokenizer } from "../../tokenizer/index.js";
import type { Toolset } from "../../tools/tool-definition.js";
import { renderChat } from "../render-chat.js";
import { TOOL_CHAT_TOKENIZER_OPTIONS } from "../tool-chat-format.js";

export const WEATHER_TOOLS: Toolset = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Current weather in a city.",
      parameters: {
        type: "object",
        properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
        required: ["city"],
      },
    },
  },
  {
    type: "function",
    function: {
      name: "book_table",
      parameters: {
        type: "object",
        properties: { restaurant: { type: "string" }, people: { type: "integer" } },
      },
    },
  },
];

/** System, user, two parallel calls, two results, answer, then a second user turn with a call. */
export const WEATHER_CONVERSATION: ChatMessage[] = [
  { role: "system", content: "You are a helpful assistant." },
  { role: "user", content: "Weather in Paris and Tokyo?" },
  {
    role: "assistant",
    content: null,
    tool_calls: [
      {
        id: "c1",
        type: "function",
        function: { name: "get_weather", arguments: '{"city":"Paris","unit":"celsius"}' },
      },
      {
        id: "c2",
        type: "function",
        function: { name: "get_weather", arguments: '{"unit": "celsius", "city": "東京"}' },
      },
    ],
  },
  { role: "tool", tool_call_id: "c1", content: '{"temp": 21}' },
  { role: "tool", tool_call_id: "c2", content: '{"temp": 18}' },
  { role: "assistant", content: "Paris: 21°C, Tokyo: 18°C." },
  { role: "user", content: "Book a table for 2 at Chez Nous." },
  {
    role: "assistant",
    content: "Booking now.",
    tool_calls: [
      {
        id: "c3",
        type: "function",
        function: { name: "book_table", arguments: '{"restaurant":"Chez Nous","people":2}' },
      },
    ],
  },
  { role: "tool", tool_call_id: "c3", content: "booked" },
  { role: "assistant", content: "Done!" },
];

/** A small tokenizer for the chat format, trained on rendered conversations and a few sentences. */
export function makeChatTokenizer(): TextTokenizer {
  const texts = [
    renderChat({ messages: WEATHER_CONVERSATION, tools: WEATHER_TOOLS }),
    "What is the weather in Paris? It is sunny and 21 degrees. Book a table for two people.",
    '{"name": "get_weather", "arguments": {"city": "Berlin", "unit": "fahrenheit"}}',
  ];
  const trained = trainBpeTokenizer({
    texts: texts.flatMap((text) => [text, text]),
    vocabSize: 450,
    ...TOOL_CHAT_TOKENIZER_OPTIONS,
  });
  return createTokenizer(trained);
}
