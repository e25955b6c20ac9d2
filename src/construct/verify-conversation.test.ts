import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../dataset/chat-message.js";
import type { DatasetRecord } from "../dataset/dataset-record.js";
import { ArgumentValidator, type Toolset } from "../tools/index.js";
import { verifyConversation } from "./verify-conversation.js";

const tools: Toolset = [
  {
    type: "function",
    function: {
      name: "search_hotels",
      description: "Search hotels in a city for given dates, with prices and availability.",
      parameters: {
        type: "object",
        properties: {
          city: { type: "string" },
          nights: { type: "integer" },
          from: { type: "string", format: "time" },
          sort_by: { type: "string", enum: ["lowest_price", "rating"] },
        },
        required: ["city"],
      },
    },
  },
];
const validator = new ArgumentValidator(tools);
const record = (query: string, args?: Record<string, unknown>): DatasetRecord => {
  const messages: ChatMessage[] = [{ role: "user", content: query }];
  if (args) {
    messages.push(
      {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "c0",
            type: "function",
            function: { name: "search_hotels", arguments: JSON.stringify(args) },
          },
        ],
      },
      { role: "tool", tool_call_id: "c0", content: "{}" },
    );
  }
  messages.push({ role: "assistant", content: "Done." });
  return { id: "r", tools, messages, meta: {} };
};
const verify = (query: string, args?: Record<string, unknown>) =>
  verifyConversation(record(query, args), { validator });

describe("verifyConversation", () => {
  it("accepts the natural forms of numbers, times and enum values, and nothing looser", () => {
    expect(verify("Hotels in Oslo for three nights", { city: "Oslo", nights: 3 })).toEqual({ ok: true });
    expect(verify("Hotels in Oslo for thirteen nights", { city: "Oslo", nights: 3 }).ok).toBe(false);
    expect(verify("Hotels in Oslo from 2 pm", { city: "Oslo", from: "14:00:00Z" })).toEqual({ ok: true });
    expect(verify("Hotels in Oslo from 12 pm", { city: "Oslo", from: "14:00:00Z" }).ok).toBe(false);
    expect(verify("Hotels in Oslo from 2:30 pm", { city: "Oslo", from: "14:30:00Z" })).toEqual({ ok: true });
    expect(
      verify("Hotels in Oslo sorted by lowest price", { city: "Oslo", sort_by: "lowest_price" }),
    ).toEqual({ ok: true });
  });

  it("keeps a turn without a call only when no offered tool could serve it by name or description", () => {
    expect(verify("Could you translate 'good morning' into Swahili?")).toEqual({ ok: true });
    expect(verify("Find me a hotel in Paris for Friday.")).toEqual({
      ok: false,
      reason: "a turn without a call asks for what 'search_hotels' offers",
    });
    expect(verify("Which dates work for the city trip? Just tell me the dates.").ok).toBe(true);
    expect(verify("What is the availability and the price of a room there?").ok).toBe(false);
  });
});
