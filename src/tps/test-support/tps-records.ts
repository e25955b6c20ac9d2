import { renderChat } from "../../chat-template/index.js";
import { WEATHER_TOOLS } from "../../chat-template/test-support/test-conversations.js";
import type { DatasetRecord } from "../../dataset/dataset-record.js";

export { WEATHER_TOOLS };

const call = (id: string, name: string, args: Record<string, unknown>) => ({
  id,
  type: "function" as const,
  function: { name, arguments: JSON.stringify(args) },
});

/** Dataset records for sampling tests: single calls, a parallel call, a two-turn record, and a no-call record. */
export const TPS_RECORDS: DatasetRecord[] = [
  {
    id: "r1",
    tools: WEATHER_TOOLS,
    messages: [
      { role: "user", content: "What is the weather in Paris?" },
      { role: "assistant", content: null, tool_calls: [call("c1", "get_weather", { city: "Paris" })] },
    ],
    meta: {},
  },
  {
    id: "r2",
    tools: WEATHER_TOOLS,
    messages: [
      { role: "system", content: "You are a helpful assistant." },
      { role: "user", content: "Book a table for 4 at Chez Nous." },
      {
        role: "assistant",
        content: null,
        tool_calls: [call("c1", "book_table", { restaurant: "Chez Nous", people: 4 })],
      },
      { role: "tool", tool_call_id: "c1", content: "booked" },
      { role: "assistant", content: "Done." },
      { role: "user", content: "And the weather in Berlin in fahrenheit?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [call("c2", "get_weather", { city: "Berlin", unit: "fahrenheit" })],
      },
    ],
    meta: {},
  },
  {
    id: "r3",
    tools: WEATHER_TOOLS,
    messages: [
      { role: "user", content: "Weather in Rome and Oslo?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          call("c1", "get_weather", { city: "Rome" }),
          call("c2", "get_weather", { city: "Oslo" }),
        ],
      },
    ],
    meta: {},
  },
  {
    id: "r4",
    tools: WEATHER_TOOLS,
    messages: [
      { role: "user", content: "Tell me a joke." },
      { role: "assistant", content: "Why did the cloud stay home? It was under the weather." },
    ],
    meta: {},
  },
];

/** Texts to train a tool-chat tokenizer on: the records rendered, and a few more calls. */
export function tpsTokenizerTexts(): string[] {
  return [
    ...TPS_RECORDS.map((record) => renderChat({ messages: record.messages, tools: record.tools })),
    '<tool_call>{"name": "get_weather", "arguments": {"city": "Madrid", "unit": "celsius"}}</tool_call>',
    "The weather today is sunny in most cities, with rain expected later in the week.",
  ];
}
