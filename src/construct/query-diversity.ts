import type { DatasetRecord } from "../dataset/dataset-record.js";
import { isJsonObject } from "../json/json-value.js";

/** How varied the user queries of a dataset are, in two numbers that can be compared run to run. */
export interface QueryDiversity {
  queries: number;
  words: number;
  /** Distinct word 3-grams per 1,000 query words: higher means less template repetition. */
  distinctTrigramsPer1000Words: number;
  /** Share of queries (with calls) that spell an argument's key as a label (`departure date`): lower reads more natural. */
  labelQuoteShare: number;
}

/**
 * Measures the user queries of constructed records. A query "quotes a label" when it contains the
 * key of an argument its turn passes, with `_`, `-` and `.` read as spaces, as whole words.
 */
export function queryDiversity(records: readonly DatasetRecord[]): QueryDiversity {
  const trigrams = new Set<string>();
  let words = 0;
  let queries = 0;
  let withCalls = 0;
  let quoting = 0;
  for (const record of records) {
    const messages = record.messages;
    for (const [index, message] of messages.entries()) {
      if (message.role !== "user") continue;
      queries++;
      const tokens = message.content.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
      words += tokens.length;
      for (let k = 0; k + 2 < tokens.length; k++)
        trigrams.add(`${tokens[k]} ${tokens[k + 1]} ${tokens[k + 2]}`);
      const keys = new Set<string>();
      for (const later of messages.slice(index + 1)) {
        if (later.role === "user") break;
        if (later.role !== "assistant") continue;
        for (const call of later.tool_calls ?? []) {
          const args: unknown = JSON.parse(call.function.arguments);
          if (isJsonObject(args)) for (const key of Object.keys(args)) keys.add(key);
        }
      }
      if (keys.size === 0) continue;
      withCalls++;
      const text = ` ${tokens.join(" ")} `;
      const quotes = [...keys].some((key) => {
        const label = (key.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(" ");
        return label !== "" && text.includes(` ${label} `);
      });
      if (quotes) quoting++;
    }
  }
  return {
    queries,
    words,
    distinctTrigramsPer1000Words: words === 0 ? 0 : (trigrams.size / words) * 1000,
    labelQuoteShare: withCalls === 0 ? 0 : quoting / withCalls,
  };
}
