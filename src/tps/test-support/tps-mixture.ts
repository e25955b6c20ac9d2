import type { WeightedCompletion } from "./mixture-language-model.js";

const call = (name: string, args: string) =>
  `<tool_call>{"name": "${name}", "arguments": ${args}}</tool_call>`;

/**
 * What the mixture model writes for each of TPS_RECORDS' turns, keyed by the last user message:
 * - Paris: greedy picks the wrong city (London); a branch at the city's first letter is right.
 * - Chez Nous: greedy is right; branches at the name and at the number are wrong.
 * - Berlin: greedy drops the unit (a missing argument); no branch is right.
 * - Rome and Oslo: the parallel call is right.
 * - the joke: greedy answers in prose (right: no call); a branch calls a tool.
 */
export const TPS_MIXTURE: Record<string, WeightedCompletion[]> = {
  Paris: [
    { text: call("get_weather", '{"city": "London"}'), weight: 0.5 },
    { text: call("get_weather", '{"city": "Paris"}'), weight: 0.3 },
    { text: call("book_table", '{"restaurant": "Paris"}'), weight: 0.2 },
  ],
  "Chez Nous": [
    { text: call("book_table", '{"restaurant": "Chez Nous", "people": 4}'), weight: 0.6 },
    { text: call("book_table", '{"restaurant": "Chez Nous", "people": 8}'), weight: 0.25 },
    { text: call("get_weather", '{"city": "Chez Nous"}'), weight: 0.15 },
  ],
  Berlin: [
    { text: call("get_weather", '{"city": "Berlin"}'), weight: 0.7 },
    { text: call("get_weather", '{"city": "Bern"}'), weight: 0.3 },
  ],
  "Rome and Oslo": [
    {
      text: `${call("get_weather", '{"city": "Rome"}')}\n${call("get_weather", '{"city": "Oslo"}')}`,
      weight: 1,
    },
  ],
  joke: [
    { text: "Why did the cloud stay home? It was under the weather.", weight: 0.7 },
    { text: call("get_weather", '{"city": "Rome"}'), weight: 0.3 },
  ],
};

/** The completions for a prompt: those of the last key found in its last user turn. */
export function tpsMixture(prompt: string): WeightedCompletion[] {
  const lastUser = prompt.slice(prompt.lastIndexOf("<|user|>"));
  const key = Object.keys(TPS_MIXTURE).find((candidate) => lastUser.includes(candidate));
  return key === undefined ? [] : (TPS_MIXTURE[key] ?? []);
}
