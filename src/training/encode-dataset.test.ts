import { describe, expect, it } from "vitest";
import { encodeConversation } from "../chat-template/index.js";
import {
  makeChatTokenizer,
  WEATHER_CONVERSATION,
  WEATHER_TOOLS,
} from "../chat-template/test-support/test-conversations.js";
import type { DatasetRecord } from "../dataset/dataset-record.js";
import { encodeDataset } from "./encode-dataset.js";

const tokenizer = makeChatTokenizer();
const record: DatasetRecord = { id: "w", tools: WEATHER_TOOLS, messages: WEATHER_CONVERSATION, meta: {} };

describe("encodeDataset", () => {
  it("drops the tokens after the last loss-carrying one, which no loss depends on", () => {
    const whole = encodeConversation({
      tokenizer,
      messages: record.messages,
      tools: record.tools,
      lossOn: "tool_calls",
    });
    const [example] = encodeDataset({ records: [record], tokenizer, lossOn: "tool_calls" }).examples;
    const last = whole.lossMask.lastIndexOf(1);
    expect(last).toBeLessThan(whole.inputIds.length - 1); // the final answer follows the last call
    expect(example?.input_ids).toEqual(whole.inputIds.slice(0, last + 1));
    expect(example?.loss_mask).toEqual(whole.lossMask.slice(0, last + 1));
    expect(example?.loss_mask.at(-1)).toBe(1);
  });

  it("keeps the whole conversation when its last turn carries loss, and counts cuts to maxLength", () => {
    const whole = encodeConversation({ tokenizer, messages: record.messages, tools: record.tools });
    const { examples, truncated } = encodeDataset({ records: [record], tokenizer });
    expect(examples[0]?.input_ids).toEqual(whole.inputIds);
    const cut = encodeDataset({ records: [record], tokenizer, maxLength: whole.inputIds.length - 1 });
    expect(cut.truncated).toBe(1);
    expect(truncated).toBe(0);
  });

  it("names the record when the model's template cannot render it, as one line", () => {
    // A ChatML template that knows no tool calls: an assistant message with content null breaks it.
    const chatml =
      "{% for m in messages %}{{ '<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>\\n' }}{% endfor %}";
    const plain = Object.create(tokenizer, { chatTemplate: { value: chatml } });
    expect(() => encodeDataset({ records: [record], tokenizer: plain })).toThrow(
      /^record w: the model's chat template failed to render it \(.+\); use a template that renders tool calls/,
    );
  });
});
