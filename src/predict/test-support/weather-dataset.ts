import { writeFile } from "node:fs/promises";
import type { DatasetRecord } from "../../dataset/index.js";
import type { Toolset } from "../../tools/index.js";

export const WEATHER_TOOLS: Toolset = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Current weather in a city",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  },
];

const CITIES = ["Paris", "Berlin", "Oslo", "Lima", "Quito", "Hanoi", "Accra", "Perth"];

/**
 * A small dataset for predict tests: one single-turn record per city, and unless `multiTurn` is
 * false one two-turn record (two eval targets, `multi#1` and `multi#2`): `cities + 2` targets.
 */
export function weatherRecords(cities = CITIES.length, multiTurn = true): DatasetRecord[] {
  const call = (city: string, id: string) => ({
    role: "assistant" as const,
    content: null,
    tool_calls: [
      {
        id,
        type: "function" as const,
        function: { name: "get_weather", arguments: JSON.stringify({ city }) },
      },
    ],
  });
  const records: DatasetRecord[] = CITIES.slice(0, cities).map((city, i) => ({
    id: `weather-${i}`,
    tools: WEATHER_TOOLS,
    messages: [
      { role: "user", content: `What is the weather in ${city}?` },
      call(city, "c1"),
      { role: "tool", tool_call_id: "c1", content: '{"sky": "clear"}' },
      { role: "assistant", content: `Clear in ${city}.` },
    ],
    meta: { category: "simple" },
  }));
  if (!multiTurn) return records;
  records.push({
    id: "multi",
    tools: WEATHER_TOOLS,
    messages: [
      { role: "user", content: "What is the weather in Paris?" },
      call("Paris", "c1"),
      { role: "tool", tool_call_id: "c1", content: '{"sky": "rain"}' },
      { role: "assistant", content: "Rain in Paris." },
      { role: "user", content: "And in Oslo?" },
      call("Oslo", "c2"),
      { role: "tool", tool_call_id: "c2", content: '{"sky": "snow"}' },
      { role: "assistant", content: "Snow in Oslo." },
    ],
    meta: { category: "multi_turn" },
  });
  return records;
}

export async function writeWeatherDataset(
  file: string,
  cities?: number,
  multiTurn?: boolean,
): Promise<DatasetRecord[]> {
  const records = weatherRecords(cities, multiTurn);
  await writeFile(file, records.map((record) => `${JSON.stringify(record)}\n`).join(""));
  return records;
}

/** The call a perfect model makes for a prompt of this dataset: the last city the user named. */
export function perfectReply(prompt: string): string {
  const asked = [...prompt.matchAll(/weather in (\w+)\?|And in (\w+)\?/g)].at(-1);
  const city = asked?.[1] ?? asked?.[2] ?? "nowhere";
  return `<tool_call>{"name": "get_weather", "arguments": {"city": "${city}"}}</tool_call>`;
}
