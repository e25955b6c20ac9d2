import type { LanguageModel } from "../backends/language-model.js";
import { TOOL_CHAT_TOKENS } from "../chat-template/index.js";
import type { EvalTarget } from "../dataset/index.js";
import type { JsonValue } from "../json/index.js";

export interface AnswerBudgetOptions {
  /** The cap of a target whose longest accepted answer is short, or that should make no call. Default 128. */
  minimum?: number;
  /** Tokens allowed per token of the longest accepted answer: room for the model's own spacing. Default 1.5. */
  factor?: number;
}

export const ANSWER_BUDGET_DEFAULTS = { minimum: 128, factor: 1.5 } as const;

/**
 * A token cap per target for greedy prediction that never cuts a right answer short: `factor` times
 * the tokens of the longest answer the reference accepts, written as ttpa's calls, and at least
 * `minimum`. One fixed cap either wastes decoding on every runaway answer or makes long answers
 * impossible: at 128 tokens, 6 of 10 sampled BFCL `parallel` entries could not be answered at all.
 */
export function answerBudget(
  model: Pick<LanguageModel, "tokenize">,
  options: AnswerBudgetOptions = {},
): (target: EvalTarget) => Promise<number> {
  const { minimum, factor } = { ...ANSWER_BUDGET_DEFAULTS, ...options };
  return async (target) => {
    if (target.reference.length === 0) return minimum;
    const tokens = await model.tokenize(longestAnswerText(target));
    return Math.max(minimum, Math.ceil(tokens.length * factor));
  };
}

/** The reference calls in ttpa's format, each argument with its longest accepted value (patterns whole). */
export function longestAnswerText(target: Pick<EvalTarget, "reference">): string {
  return target.reference
    .map((call) => {
      const args: Record<string, JsonValue> = {};
      for (const [key, argument] of Object.entries(call.arguments)) {
        let longest: { value: JsonValue; length: number } | undefined;
        for (const value of argument.accepted) {
          const length = JSON.stringify(value).length;
          if (longest === undefined || length > longest.length) longest = { value, length };
        }
        if (longest !== undefined) args[key] = longest.value;
      }
      const json = JSON.stringify({ name: call.name, arguments: args });
      return `${TOOL_CHAT_TOKENS.toolCallStart}${json}${TOOL_CHAT_TOKENS.toolCallEnd}\n`;
    })
    .join("");
}
