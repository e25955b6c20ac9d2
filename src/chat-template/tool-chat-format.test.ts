import { describe, expect, it } from "vitest";
import { TOOL_CHAT_TEMPLATE, TOOL_CHAT_TOKENS } from "./index.js";
import { makeChatTokenizer } from "./test-support/test-conversations.js";

const tokenizer = makeChatTokenizer();

describe("tool chat format", () => {
  it("gives every marker of the template a single id", () => {
    for (const token of Object.values(TOOL_CHAT_TOKENS)) {
      const ids = tokenizer.encode(token);
      expect(ids).toHaveLength(1);
      expect(tokenizer.idToToken(ids[0]!)).toBe(token);
    }
  });

  it("stores the template and names BOS, EOS and pad in the tokenizer", () => {
    expect(tokenizer.chatTemplate).toBe(TOOL_CHAT_TEMPLATE);
    expect(tokenizer.bosToken).toBe(TOOL_CHAT_TOKENS.bos);
    expect(tokenizer.eosToken).toBe(TOOL_CHAT_TOKENS.endOfTurn);
    expect(tokenizer.padToken).toBe(TOOL_CHAT_TOKENS.pad);
  });

  it("keeps tool-call tags when special tokens are skipped, so a server's text still parses", () => {
    const ids = tokenizer.encode('<|assistant|><tool_call>{"name": "f", "arguments": {}}</tool_call><|end|>');
    expect(tokenizer.decode(ids, { skipSpecialTokens: true })).toBe(
      '<tool_call>{"name": "f", "arguments": {}}</tool_call>',
    );
  });
});
