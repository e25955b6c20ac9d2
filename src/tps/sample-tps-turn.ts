import type { GenerateRequest, GenerateResult, LanguageModel, TokenId } from "../backends/language-model.js";
import { TOOL_CHAT_TOKENS } from "../chat-template/index.js";
import type { EvalTarget } from "../dataset/eval-targets.js";
import type { EsmResult } from "../esm/score-calls.js";
import { type BranchPointOptions, type GreedyPosition, selectBranchPoints } from "./branch-points.js";
import { classifyCharacters } from "./call-lexer.js";
import type { Candidate } from "./candidate.js";
import { classifyTokens, type TokenTexts } from "./token-texts.js";

export interface TpsTurnOptions extends Required<Omit<BranchPointOptions, "positions">> {
  /** Most tokens in a completion (greedy, or a branch counting its forced tokens). */
  maxTokens: number;
  /** Stop at the first `</tool_call>` when the reference has at most one call. */
  stopAtCallEnd: boolean;
}

export interface SampleTpsTurnOptions {
  model: LanguageModel;
  target: EvalTarget;
  prompt: readonly TokenId[];
  texts: TokenTexts;
  options: TpsTurnOptions;
  score: (text: string) => EsmResult;
  signal?: AbortSignal;
}

/** The stop strings of a turn: a single expected call (or none) is complete at its closing tag. */
export function turnStopStrings(target: EvalTarget, stopAtCallEnd: boolean): string[] {
  return stopAtCallEnd && target.reference.length <= 1 ? [TOOL_CHAT_TOKENS.toolCallEnd] : [];
}

/** The completion's text: a stop string that ended it is part of the call, so it is put back. */
export function completionText(result: GenerateResult, stopStrings: readonly string[]): string {
  const text = result.finishReason === "stop-string" ? result.text + (result.stopString ?? "") : result.text;
  return cutAtStop(text, stopStrings);
}

/** Text up to and including the first stop string (a forced alternative can write one past where a stop is checked). */
function cutAtStop(text: string, stopStrings: readonly string[]): string {
  let end = text.length;
  for (const stop of stopStrings) {
    const index = text.indexOf(stop);
    if (index >= 0) end = Math.min(end, index + stop.length);
  }
  return text.slice(0, end);
}

/**
 * Token-level preference sampling for one turn: the greedy completion with the top-k alternatives
 * at every position; branch points chosen among them (selectBranchPoints, over token classes from
 * the call lexer); then every branch — the greedy tokens before the branch point, the alternative,
 * and a greedy finish — requested in one generate call, so the backend reuses the shared prompt's
 * KV cache and decodes the branches together. Returns the greedy output first, then the branches,
 * each scored.
 */
export async function sampleTpsTurn(options: SampleTpsTurnOptions): Promise<Candidate[]> {
  const { model, target, prompt, options: settings } = options;
  const stopStrings = turnStopStrings(target, settings.stopAtCallEnd);
  const generateOptions = options.signal ? { signal: options.signal } : {};
  const [greedy] = (await model.generate(
    [{ prompt, maxTokens: settings.maxTokens, topLogprobs: settings.topK, stopStrings }],
    generateOptions,
  )) as [GenerateResult];
  const greedyText = completionText(greedy, stopStrings);
  const tokens = greedy.tokens.map((step) => step.token);
  const spans = await options.texts.spans(tokens, greedyText);
  const classes = classifyTokens(spans, classifyCharacters(greedyText));
  const positions: GreedyPosition[] = greedy.tokens.map((step, i) => ({
    token: step.token,
    top: step.top,
    tokenClass: classes[i] ?? "structure",
  }));
  // A branch must leave room for at least one more token in the context, as any request must.
  const room = model.info.contextSize - prompt.length - 1;
  const points = selectBranchPoints({ ...settings, positions: positions.slice(0, Math.max(0, room)) });
  const endOfGeneration = new Set(model.info.endOfGeneration);
  const requests: GenerateRequest[] = points.map((point) => ({
    prompt,
    forced: [...tokens.slice(0, point.position), point.token],
    // A forced end-of-turn ends the branch: nothing is generated after it.
    maxTokens: endOfGeneration.has(point.token) ? 0 : Math.max(0, settings.maxTokens - point.position - 1),
    stopStrings,
  }));
  const branches = requests.length === 0 ? [] : await model.generate(requests, generateOptions);

  const prefixLogprob = [0];
  for (const step of greedy.tokens) prefixLogprob.push((prefixLogprob.at(-1) as number) + step.logprob);
  const sum = (result: GenerateResult) => result.tokens.reduce((total, step) => total + step.logprob, 0);
  const scored = (text: string) => {
    const esm = options.score(text);
    return { text, score: esm.score, errors: esm.errors };
  };
  const candidates: Candidate[] = [{ origin: "greedy", logprob: sum(greedy), ...scored(greedyText) }];
  points.forEach((point, i) => {
    const result = branches[i] as GenerateResult;
    candidates.push({
      origin: "branch",
      logprob: (prefixLogprob[point.position] as number) + point.logprob + sum(result),
      branch: {
        position: point.position,
        token: point.token,
        probability: Math.exp(point.logprob),
        tokenClass: point.tokenClass,
      },
      ...scored(completionText(result, stopStrings)),
    });
  });
  return candidates;
}
