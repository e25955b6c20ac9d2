import type { AssistantMessage, ChatMessage } from "../dataset/chat-message.js";
import type { Toolset } from "../tools/tool-definition.js";
import type { ChatRenderer } from "./chat-renderer.js";

/** Tokenizes text the way the trainer does: special-token text becomes its single id, nothing added around it. */
export type Tokenize = (text: string) => Promise<readonly number[]> | readonly number[];

export interface DivergenceTokenOptions {
  renderer: ChatRenderer;
  tokenize: Tokenize;
  context: readonly ChatMessage[];
  tools: Toolset;
  chosen: AssistantMessage;
  rejected: AssistantMessage;
}

/**
 * The index, among the assistant completion's tokens, of the first token where chosen and rejected
 * differ; undefined when they are the same tokens. Each completion is rendered with the template
 * after the shared prompt and tokenized on its own, as the trainer tokenizes a conversation in
 * pieces cut at turn boundaries, so the index points at the same token the trainer sees. When one
 * side is a prefix of the other, the index is the shorter one's length (where the other goes on).
 */
export async function divergenceToken(options: DivergenceTokenOptions): Promise<number | undefined> {
  const { renderer, context, tools } = options;
  const [chosen, rejected] = await Promise.all([
    options.tokenize(renderer.completion(context, tools, options.chosen)),
    options.tokenize(renderer.completion(context, tools, options.rejected)),
  ]);
  return firstDifference(chosen, rejected);
}

/** The first index where two token lists differ, or undefined when they are equal. */
export function firstDifference(a: readonly number[], b: readonly number[]): number | undefined {
  const limit = Math.min(a.length, b.length);
  for (let i = 0; i < limit; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? undefined : limit;
}
