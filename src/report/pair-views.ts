import type { EsmError } from "../esm/index.js";
import type { BranchInfo, ChatRenderer, PreferencePair } from "../pairs/index.js";
import type { TextTokenizer } from "../tokenizer/index.js";
import { lastUserText } from "./last-user-text.js";
import { type TokenLine, tokenLine } from "./token-line.js";

export interface PairView {
  sampler: "tps" | "baseline";
  id: string;
  targetId: string;
  /** The last user message of the prompt. */
  request: string;
  /** Both sides as the trainer sees them (the assistant turn rendered by the chat template), with the pair's divergence token marked. */
  chosen: TokenLine;
  rejected: TokenLine;
  /** `meta.divergence_token` as the sampler recorded it. */
  divergence: number;
  chosenScore: number;
  rejectedScore: number;
  chosenSource: string;
  rejectedSource: string;
  /** The rejected side's ESM errors. */
  errors: EsmError[];
  /** The TPS branch that made one side, when one did. */
  branch: BranchInfo | undefined;
}

export interface PairViewsOptions {
  pairs: readonly PreferencePair[];
  sampler: PairView["sampler"];
  renderer: ChatRenderer;
  tokenizer: TextTokenizer;
  /** Pairs shown at most (the first ones). */
  limit: number;
}

/** The first pairs of a pair file, each side tokenized the way the pair's divergence token counts tokens. */
export function pairViews(options: PairViewsOptions): PairView[] {
  const { renderer, tokenizer } = options;
  return options.pairs.slice(0, options.limit).map((pair) => {
    const side = (message: PreferencePair["chosen"]) =>
      tokenLine(
        tokenizer,
        tokenizer.encode(renderer.completion(pair.prompt, pair.tools, message)),
        pair.meta.divergence_token,
      );
    return {
      sampler: options.sampler,
      id: pair.id,
      targetId: pair.meta.target_id,
      request: lastUserText(pair.prompt),
      chosen: side(pair.chosen),
      rejected: side(pair.rejected),
      divergence: pair.meta.divergence_token,
      chosenScore: pair.meta.chosen_score,
      rejectedScore: pair.meta.rejected_score,
      chosenSource: pair.meta.chosen_source,
      rejectedSource: pair.meta.rejected_source,
      errors: pair.meta.errors,
      branch: pair.meta.rejected_branch ?? pair.meta.chosen_branch,
    };
  });
}
