import type { Toolset } from "../../tools/tool-definition.js";

/** Four tools with short descriptions: conversations of ~150 tokens, so tiny models train in seconds. */
export const COMPACT_TOOLSET: Toolset = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Get the weather in a city.",
      parameters: {
        type: "object",
        properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
        required: ["city", "unit"],
        additionalProperties: false,
      },
    },
  },
  {
    type: "function",
    function: {
      name: "convert_currency",
      description: "Convert money between currencies.",
      parameters: {
        type: "object",
        properties: {
          amount: { type: "integer", minimum: 1, maximum: 999 },
          currency: { type: "string", enum: ["USD", "EUR", "JPY", "GBP"] },
        },
        required: ["amount", "currency"],
        additionalProperties: false,
      },
    },
  },
  {
    type: "function",
    function: {
      name: "play_song",
      description: "Play a song by an artist.",
      parameters: {
        type: "object",
        properties: { artist: { type: "string", description: "artist name" } },
        required: ["artist"],
        additionalProperties: false,
      },
    },
  },
  {
    type: "function",
    function: {
      name: "set_alarm",
      description: "Set an alarm.",
      parameters: {
        type: "object",
        properties: { hour: { type: "integer", minimum: 0, maximum: 23 } },
        required: ["hour"],
        additionalProperties: false,
      },
    },
  },
];
