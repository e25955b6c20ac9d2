import type { AssistantMessage } from "../dataset/chat-message.js";
import type { EvalTarget } from "../dataset/eval-targets.js";
import type { EsmResult } from "../esm/score-calls.js";
import { assistantMessageFor } from "../pairs/assistant-message.js";
import type { ChatRenderer } from "../pairs/chat-renderer.js";
import { divergenceToken, type Tokenize } from "../pairs/divergence-token.js";
import type { CandidateOrigin, PreferencePair, SamplerSettings } from "../pairs/preference-pair.js";
import type { Candidate } from "./candidate.js";
import type { PairSelection } from "./pair-selection.js";

export interface BuildPairsOptions {
  target: EvalTarget;
  candidates: readonly Candidate[];
  selection: PairSelection;
  /** The dataset's answer for the turn, with its score; needed when the selection chose it. */
  reference: { message: AssistantMessage; esm: EsmResult } | undefined;
  renderer: ChatRenderer;
  tokenize: Tokenize;
  /** Scores an assistant message as `ttpa eval` would. */
  score: (output: unknown) => EsmResult;
  sampler: SamplerSettings;
}

interface Side {
  message: AssistantMessage;
  score: number;
  errors: EsmResult["errors"];
  source: CandidateOrigin;
  candidate?: Candidate;
}

/**
 * The pair records of a turn, in selection order. A sampled side is stored as `tool_calls` only
 * when that message renders to the sampled text and scores what the text scored, so a pair's
 * recorded scores are always the scores of the messages it holds. Pairs whose two sides render to
 * the same tokens are dropped (there is nothing to prefer).
 */
export async function buildPairs(options: BuildPairsOptions): Promise<PreferencePair[]> {
  const { target, selection, renderer } = options;
  const side = (choice: "reference" | number): Side => {
    if (choice === "reference") {
      const reference = options.reference as NonNullable<BuildPairsOptions["reference"]>;
      return {
        message: reference.message,
        score: reference.esm.score,
        errors: reference.esm.errors,
        source: "reference",
      };
    }
    const candidate = options.candidates[choice] as Candidate;
    const built = assistantMessageFor({
      renderer,
      context: target.context,
      tools: target.tools,
      text: candidate.text,
    });
    const message =
      built.form === "tool_calls" && options.score(built.message).score !== candidate.score
        ? ({ role: "assistant", content: candidate.text } as AssistantMessage)
        : built.message;
    return { message, score: candidate.score, errors: candidate.errors, source: candidate.origin, candidate };
  };

  const chosen = side(selection.chosen);
  const pairs: PreferencePair[] = [];
  for (const index of selection.rejected) {
    const rejected = side(index);
    const divergence = await divergenceToken({
      renderer,
      tokenize: options.tokenize,
      context: target.context,
      tools: target.tools,
      chosen: chosen.message,
      rejected: rejected.message,
    });
    if (divergence === undefined) continue;
    pairs.push({
      id: `${target.id}/${pairs.length + 1}`,
      tools: target.tools,
      prompt: target.context,
      chosen: chosen.message,
      rejected: rejected.message,
      meta: {
        divergence_token: divergence,
        chosen_score: chosen.score,
        rejected_score: rejected.score,
        errors: rejected.errors,
        sampler: options.sampler,
        target_id: target.id,
        chosen_source: chosen.source,
        rejected_source: rejected.source,
        ...(chosen.candidate?.branch ? { chosen_branch: chosen.candidate.branch } : {}),
        ...(rejected.candidate?.branch ? { rejected_branch: rejected.candidate.branch } : {}),
      },
    });
  }
  return pairs;
}
