import { encodeConversation, renderPrompt } from "../chat-template/index.js";
import { firstDifference, type PreferencePair } from "../pairs/index.js";
import type { TextTokenizer } from "../tokenizer/index.js";

/** A pair as the trainer's DPO objective reads it: both whole sequences, masks on the completion only. */
export interface EncodedPair {
  chosen_ids: number[];
  chosen_mask: Array<0 | 1>;
  rejected_ids: number[];
  rejected_mask: Array<0 | 1>;
  chosen_score: number;
  rejected_score: number;
  /** How much the pair counts in the loss (pairWeights); the trainer reads 1 when absent. */
  weight?: number;
}

/**
 * Which of the rejected call's tokens the preference loss scores (a closed set):
 * - `completion`: all of them, as DPO does;
 * - `divergence`: those up to and including the first token where it leaves the chosen call. What
 *   follows is the model's finish after a wrong token (for a token-level pair, a greedy finish of
 *   a forced branch): mostly ordinary call text, like `}</tool_call>` after an argument object closed
 *   too early, which DPO would otherwise push down everywhere it is written.
 */
export const REJECTED_SCOPES = ["completion", "divergence"] as const;
export type RejectedScope = (typeof REJECTED_SCOPES)[number];

/**
 * Tokenizes preference pairs with the model's chat template. Only the final assistant turn (the
 * call being compared) carries loss, never earlier assistant turns of the prompt. Pairs longer than
 * `maxLength` are dropped and counted, since cutting one side would compare unequal things.
 */
export function encodePairs(options: {
  pairs: readonly PreferencePair[];
  tokenizer: TextTokenizer;
  /** Default 1024. */
  maxLength?: number;
  /** Each pair's weight, in order (pairWeights); none: every pair counts once. */
  weights?: readonly number[];
  /** Default `"completion"`. */
  rejectedScope?: RejectedScope;
}): { pairs: EncodedPair[]; dropped: number } {
  const { tokenizer } = options;
  const maxLength = options.maxLength ?? 1024;
  const encoded: EncodedPair[] = [];
  let dropped = 0;
  for (const [index, pair] of options.pairs.entries()) {
    const promptLength = tokenizer.encode(
      renderPrompt({
        messages: pair.prompt,
        tools: pair.tools,
        ...(tokenizer.chatTemplate ? { chatTemplate: tokenizer.chatTemplate } : {}),
        ...(tokenizer.bosToken ? { bosToken: tokenizer.bosToken } : {}),
        ...(tokenizer.eosToken ? { eosToken: tokenizer.eosToken } : {}),
      }),
    ).length;
    const side = (message: PreferencePair["chosen"]) => {
      const { inputIds, lossMask } = encodeConversation({
        tokenizer,
        messages: [...pair.prompt, message],
        tools: pair.tools,
      });
      return { ids: inputIds, mask: lossMask.map((bit, i) => (i < promptLength ? 0 : bit)) as Array<0 | 1> };
    };
    const chosen = side(pair.chosen);
    const rejected = side(pair.rejected);
    if (options.rejectedScope === "divergence") {
      const at = firstDifference(chosen.ids, rejected.ids) ?? rejected.ids.length;
      rejected.mask = rejected.mask.map((bit, i) => (i > at ? 0 : bit));
    }
    if (chosen.ids.length > maxLength || rejected.ids.length > maxLength) {
      dropped++;
      continue;
    }
    encoded.push({
      chosen_ids: chosen.ids,
      chosen_mask: chosen.mask,
      rejected_ids: rejected.ids,
      rejected_mask: rejected.mask,
      chosen_score: pair.meta.chosen_score,
      rejected_score: pair.meta.rejected_score,
      ...(options.weights ? { weight: options.weights[index] as number } : {}),
    });
  }
  return { pairs: encoded, dropped };
}
