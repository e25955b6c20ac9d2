import { describe, expect, it } from "vitest";
import type { AssistantMessage } from "../dataset/chat-message.js";
import { ChatRenderer } from "./chat-renderer.js";
import { divergenceToken, firstDifference } from "./divergence-token.js";

/** Words and spaces as tokens, special-token text whole: enough to see which token differs. */
const tokenize = (text: string) =>
  (text.match(/<\|[a-z_]+\|>|<\/?tool_call>|\w+|\s|[^\w\s]/g) ?? []).map(
    (piece) => piece.length * 1000 + piece.charCodeAt(0),
  );

const context = [{ role: "user" as const, content: "hi" }];
const say = (content: string): AssistantMessage => ({ role: "assistant", content });

describe("divergenceToken", () => {
  it("is the index of the first completion token where the two sides differ", async () => {
    const renderer = new ChatRenderer();
    const d = await divergenceToken({
      renderer,
      tokenize,
      context,
      tools: [],
      chosen: say("the weather is sunny"),
      rejected: say("the weather was sunny"),
    });
    // the, " ", weather, " ", then is/was.
    expect(d).toBe(4);
  });

  it("counts from the start of the assistant turn, not of the prompt", async () => {
    const renderer = new ChatRenderer();
    expect(
      await divergenceToken({ renderer, tokenize, context, tools: [], chosen: say("a"), rejected: say("b") }),
    ).toBe(0);
  });

  it("is the shorter side's length when one is a prefix of the other, and undefined when equal", async () => {
    const renderer = new ChatRenderer();
    // The end-of-turn token follows each completion, so "a b" and "a" differ at token 1.
    expect(
      await divergenceToken({
        renderer,
        tokenize,
        context,
        tools: [],
        chosen: say("a b"),
        rejected: say("a"),
      }),
    ).toBe(1);
    expect(
      await divergenceToken({ renderer, tokenize, context, tools: [], chosen: say("a"), rejected: say("a") }),
    ).toBeUndefined();
    expect(firstDifference([1, 2], [1, 2, 3])).toBe(2);
    expect(firstDifference([1, 2], [1, 2])).toBeUndefined();
  });
});
