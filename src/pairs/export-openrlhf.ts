import type { ChatRenderer } from "./chat-renderer.js";
import type { PreferencePair } from "./preference-pair.js";

export interface OpenRlhfExportOptions {
  /** Renders prompt and completions; use the trained model's template and BOS/EOS text. */
  renderer: ChatRenderer;
  /** margin = marginScale × (chosen_score − rejected_score). Default 1. */
  marginScale?: number;
}

/** One row of OpenRLHF's reward/DPO dataset, pre-rendered (train without --apply_chat_template). */
export interface OpenRlhfRow {
  id: string;
  prompt: string;
  chosen: string;
  rejected: string;
  margin: number;
}

/**
 * OpenRLHF's preference row: `prompt`, `chosen`, `rejected` (its default --prompt_key/--chosen_key/
 * --rejected_key names) and `margin`, which its reward trainer reads for the margin loss. Text is
 * rendered here rather than left to --apply_chat_template because OpenRLHF renders messages without
 * the `tools` argument, which would drop the tool definitions from every prompt. Each completion
 * ends with the template's end-of-turn text, so OpenRLHF adds no EOS of its own when that is its EOS.
 */
export function toOpenRlhfRow(pair: PreferencePair, options: OpenRlhfExportOptions): OpenRlhfRow {
  const { renderer } = options;
  const scale = options.marginScale ?? 1;
  return {
    id: pair.id,
    prompt: renderer.prompt(pair.prompt, pair.tools),
    chosen: renderer.completion(pair.prompt, pair.tools, pair.chosen),
    rejected: renderer.completion(pair.prompt, pair.tools, pair.rejected),
    margin: scale * (pair.meta.chosen_score - pair.meta.rejected_score),
  };
}
