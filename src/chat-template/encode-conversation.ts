import type { ChatMessage } from "../dataset/chat-message.js";
import type { TextTokenizer } from "../tokenizer/index.js";
import type { Toolset } from "../tools/tool-definition.js";
import { renderChat } from "./render-chat.js";

/** Which assistant turns carry loss: all of them, or only those that call tools. */
export type LossOn = "assistant" | "tool_calls";

export interface EncodeConversationOptions {
  /** Tokenizes the rendered text; its chat template and BOS/EOS tokens are used. */
  tokenizer: TextTokenizer;
  messages: readonly ChatMessage[];
  /** The OpenAI tools array shown in the system turn. Default none. */
  tools?: Toolset;
  /** Default "assistant". */
  lossOn?: LossOn;
  /** Overrides the tokenizer's chat template. Default the tokenizer's. */
  chatTemplate?: string;
}

export interface EncodedConversation {
  inputIds: number[];
  /** 1 where the token is trained on: an assistant turn's text, calls and end-of-turn token. */
  lossMask: (0 | 1)[];
}

/**
 * Token ids of a rendered conversation and its loss mask. Each trained assistant turn is located
 * by rendering the conversation up to it (with the generation prompt, so the role header is
 * excluded) and up to its end; the text is tokenized in pieces cut at those places, and the
 * pieces must give exactly the ids of the whole text, so the mask can never be off by a token.
 * Anything after the turn's last end-of-turn token (a template's trailing newline) is not trained.
 */
export function encodeConversation(options: EncodeConversationOptions): EncodedConversation {
  const { tokenizer, messages } = options;
  const chatTemplate = options.chatTemplate ?? tokenizer.chatTemplate;
  if (chatTemplate === undefined) throw new Error("the tokenizer has no chat_template; pass chatTemplate");
  const lossOn = options.lossOn ?? "assistant";
  const render = (upTo: number, addGenerationPrompt: boolean): string =>
    renderChat({
      messages: messages.slice(0, upTo),
      tools: options.tools ?? [],
      addGenerationPrompt,
      chatTemplate,
      ...(tokenizer.bosToken === undefined ? {} : { bosToken: tokenizer.bosToken }),
      ...(tokenizer.eosToken === undefined ? {} : { eosToken: tokenizer.eosToken }),
    });

  const text = render(messages.length, false);
  const spans: [number, number][] = [];
  messages.forEach((message, i) => {
    if (message.role !== "assistant") return;
    if (lossOn === "tool_calls" && (message.tool_calls ?? []).length === 0) return;
    const before = render(i, true);
    const through = render(i + 1, false);
    if (!through.startsWith(before) || !text.startsWith(through)) {
      throw new Error(`chat template does not render message ${i} as an extension of the turns before it`);
    }
    spans.push([before.length, through.length]);
  });

  const cuts = [...new Set([0, ...spans.flat(), text.length])].sort((a, b) => a - b);
  const inputIds: number[] = [];
  const tokenAt = new Map<number, number>([[0, 0]]);
  for (let k = 1; k < cuts.length; k++) {
    inputIds.push(...tokenizer.encode(text.slice(cuts[k - 1]!, cuts[k]!)));
    tokenAt.set(cuts[k]!, inputIds.length);
  }
  if (!sameIds(inputIds, tokenizer.encode(text))) {
    throw new Error(
      "tokenizing the conversation in turns differs from tokenizing it whole; cannot place the loss",
    );
  }

  const lossMask = new Array<0 | 1>(inputIds.length).fill(0);
  const endOfTurn = tokenizer.eosToken === undefined ? undefined : tokenizer.tokenToId(tokenizer.eosToken);
  for (const [startChar, endChar] of spans) {
    const start = tokenAt.get(startChar)!;
    let end = tokenAt.get(endChar)!;
    const lastEnd = endOfTurn === undefined || end <= start ? -1 : inputIds.lastIndexOf(endOfTurn, end - 1);
    if (lastEnd >= start) end = lastEnd + 1;
    lossMask.fill(1, start, end);
  }
  return { inputIds, lossMask };
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
