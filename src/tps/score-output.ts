import type { EvalTarget } from "../dataset/eval-targets.js";
import { type EsmResult, scoreCalls } from "../esm/score-calls.js";
import type { ScoringProfile } from "../esm/scoring-profile.js";
import { parseToolCalls } from "../tool-calls/index.js";

export interface ScoreOutputOptions {
  /** Raw model text, or an assistant message. */
  output: unknown;
  target: Pick<EvalTarget, "reference" | "tools">;
  /** Default: the authors' profile. */
  profile?: ScoringProfile;
  /** Default "free". */
  order?: "free" | "enforced";
}

/** Scores one output exactly as `ttpa eval` scores a prediction (`evaluate`): parse, then ESM. */
export function scoreOutput(options: ScoreOutputOptions): EsmResult {
  return scoreCalls({
    result: parseToolCalls(options.output as Parameters<typeof parseToolCalls>[0]),
    reference: options.target.reference,
    tools: options.target.tools,
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.order ? { order: options.order } : {}),
  });
}
