import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../dataset/chat-message.js";
import { encodeConversation, renderChat, TOOL_CHAT_TEMPLATE, TOOL_CHAT_TOKENS } from "./index.js";
import { makeChatTokenizer, WEATHER_CONVERSATION, WEATHER_TOOLS } from "./test-support/test-conversations.js";

const tokenizer = makeChatTokenizer();
const id = (token: string): number => tokenizer.tokenToId(token)!;

/** The masked tokens as runs of consecutive positions, each decoded, with the token before it. */
function maskedRuns(inputIds: number[], lossMask: (0 | 1)[]): { text: string; before: number | undefined }[] {
  const runs: { text: string; before: number | undefined }[] = [];
  let i = 0;
  while (i < lossMask.length) {
    if (lossMask[i] === 0) {
      i++;
      continue;
    }
    const start = i;
    while (i < lossMask.length && lossMask[i] === 1) i++;
    runs.push({ text: tokenizer.decode(inputIds.slice(start, i)), before: inputIds[start - 1] });
  }
  return runs;
}

const ASSISTANT_PARTS = [
  '<tool_call>{"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}</tool_call>\n' +
    '<tool_call>{"name": "get_weather", "arguments": {"unit": "celsius", "city": "東京"}}</tool_call><|end|>',
  "Paris: 21°C, Tokyo: 18°C.<|end|>",
  'Booking now.\n<tool_call>{"name": "book_table", "arguments": {"restaurant": "Chez Nous", "people": 2}}</tool_call><|end|>',
  "Done!<|end|>",
];

describe("encodeConversation", () => {
  it("masks exactly the assistant's reply and end-of-turn on a one-turn chat", () => {
    const messages: ChatMessage[] = [
      { role: "user", content: "hi" },
      { role: "assistant", content: "Hello!" },
    ];
    const { inputIds, lossMask } = encodeConversation({ tokenizer, messages });
    const hi = tokenizer.encode("hi");
    const hello = tokenizer.encode("Hello!");
    const end = id(TOOL_CHAT_TOKENS.endOfTurn);
    expect(inputIds).toEqual([
      id(TOOL_CHAT_TOKENS.bos),
      id(TOOL_CHAT_TOKENS.user),
      ...hi,
      end,
      id(TOOL_CHAT_TOKENS.assistant),
      ...hello,
      end,
    ]);
    expect(lossMask).toEqual([0, 0, ...hi.map(() => 0), 0, 0, ...hello.map(() => 1), 1]);
  });

  it("trains on every assistant turn, its calls and end-of-turn, and nothing else", () => {
    const { inputIds, lossMask } = encodeConversation({
      tokenizer,
      messages: WEATHER_CONVERSATION,
      tools: WEATHER_TOOLS,
    });
    const text = renderChat({ messages: WEATHER_CONVERSATION, tools: WEATHER_TOOLS });
    expect(inputIds).toEqual(tokenizer.encode(text));
    expect(lossMask).toHaveLength(inputIds.length);
    const runs = maskedRuns(inputIds, lossMask);
    expect(runs.map((run) => run.text)).toEqual(ASSISTANT_PARTS);
    for (const run of runs) expect(run.before).toBe(id(TOOL_CHAT_TOKENS.assistant));
    expect(tokenizer.decode(inputIds.filter((_, i) => lossMask[i] === 1))).toBe(ASSISTANT_PARTS.join(""));
    let unmasked = text;
    for (const part of ASSISTANT_PARTS) unmasked = unmasked.replace(part, "");
    expect(tokenizer.decode(inputIds.filter((_, i) => lossMask[i] === 0))).toBe(unmasked);
  });

  it("with lossOn tool_calls, trains only the assistant turns that call tools", () => {
    const { inputIds, lossMask } = encodeConversation({
      tokenizer,
      messages: WEATHER_CONVERSATION,
      tools: WEATHER_TOOLS,
      lossOn: "tool_calls",
    });
    expect(maskedRuns(inputIds, lossMask).map((run) => run.text)).toEqual([
      ASSISTANT_PARTS[0],
      ASSISTANT_PARTS[2],
    ]);
  });

  it("masks nothing when there is no assistant turn", () => {
    const { inputIds, lossMask } = encodeConversation({
      tokenizer,
      messages: WEATHER_CONVERSATION.slice(0, 2),
    });
    expect(inputIds.length).toBeGreaterThan(0);
    expect(lossMask.every((bit) => bit === 0)).toBe(true);
  });

  it("leaves what a template writes after end-of-turn out of the loss", () => {
    const chatTemplate = TOOL_CHAT_TEMPLATE.replaceAll("<|end|>'", "<|end|>\\n'");
    const { inputIds, lossMask } = encodeConversation({
      tokenizer,
      messages: WEATHER_CONVERSATION,
      tools: WEATHER_TOOLS,
      chatTemplate,
    });
    expect(tokenizer.decode(inputIds)).toContain("<|end|>\n<|user|>");
    expect(maskedRuns(inputIds, lossMask).map((run) => run.text)).toEqual(ASSISTANT_PARTS);
  });

  it("refuses a template whose turns do not tokenize apart", () => {
    // A space after the header merges into the reply's first word (" Paris"), so no token boundary
    // falls where the reply starts.
    const chatTemplate = TOOL_CHAT_TEMPLATE.replaceAll("'<|assistant|>'", "'<|assistant|> '");
    expect(() =>
      encodeConversation({ tokenizer, messages: WEATHER_CONVERSATION, tools: WEATHER_TOOLS, chatTemplate }),
    ).toThrow(/differs from tokenizing it whole/);
  });

  it("refuses a template that renders earlier turns differently once later ones exist", () => {
    const chatTemplate = `{{ messages | length }}${TOOL_CHAT_TEMPLATE}`;
    expect(() => encodeConversation({ tokenizer, messages: WEATHER_CONVERSATION, chatTemplate })).toThrow(
      /extension of the turns before it/,
    );
  });

  it("needs a chat template", () => {
    const bare = { ...tokenizer, chatTemplate: undefined };
    expect(() => encodeConversation({ tokenizer: bare, messages: WEATHER_CONVERSATION })).toThrow(
      /chat_template/,
    );
  });
});
