import type { LanguageModel, ModelUsage, TokenId } from "../backends/language-model.js";
import type { DatasetRecord } from "../dataset/dataset-record.js";
import type { EvalTarget } from "../dataset/eval-targets.js";
import type { EsmResult } from "../esm/score-calls.js";
import type { ScoringProfile } from "../esm/scoring-profile.js";
import { promptTokens } from "../inference/prompt-tokens.js";
import { ChatRenderer } from "../pairs/chat-renderer.js";
import type { Tokenize } from "../pairs/divergence-token.js";
import type { PreferencePair, SamplerSettings } from "../pairs/preference-pair.js";
import { buildPairs } from "./build-pairs.js";
import type { Candidate } from "./candidate.js";
import { selectPairs } from "./pair-selection.js";
import { type SamplingItem, samplingItems } from "./sampling-items.js";
import { type ProgressRecord, SamplingOutput } from "./sampling-output.js";
import { scoreOutput } from "./score-output.js";

/** What every sampler run takes besides the sampler's own settings. */
export interface SamplingRunOptions {
  model: LanguageModel;
  /** Dataset records; each assistant tool-call turn is sampled, with the record's answer as reference. */
  records?: readonly DatasetRecord[];
  /** Or evaluation targets directly, with a reference answer built from their reference calls. */
  targets?: readonly EvalTarget[];
  /**
   * Pair JSONL to append to. Turns already finished there (listed in the progress file beside it,
   * OUT with `.progress.jsonl`) are skipped, so rerunning continues where a run stopped. Default:
   * nothing written, pairs only returned.
   */
  out?: string;
  /** This process samples only targets `i` with `i % count === index` (i over all targets, in order). Default: all. */
  shard?: { index: number; count: number };
  /** At most this many turns in this invocation. Default: no limit. */
  limit?: number;
  /** Turns in flight at once (their requests share the backend's batch). Default 1. */
  concurrency?: number;
  /** Default: the authors' profile. Its threshold is the default `threshold`. */
  profile?: ScoringProfile;
  /** Default "free", as `ttpa eval`. */
  order?: "free" | "enforced";
  /** Tokenizes completions for divergence indices. Default: the model's tokenizer, special-token text read as special. */
  tokenize?: Tokenize;
  /** Default: the model's chat template (ttpa's when it ships none), as its prompts are built. */
  renderer?: ChatRenderer;
  onProgress?: (progress: SamplingProgress) => void;
  signal?: AbortSignal;
}

export interface SamplingProgress {
  /** Turns to sample in this invocation. */
  total: number;
  done: number;
  pairs: number;
  failed: number;
}

export interface SamplingSummary extends SamplingProgress {
  /** Turns skipped because an earlier run finished them. */
  resumed: number;
  /** Finished turns that gave no pair (the model was as good as the reference everywhere, or nothing differed). */
  withoutPairs: number;
  /** The first failures (a prompt longer than the context, a backend error); rerun to retry them. */
  failures: Array<{ id: string; reason: string }>;
  /** The model's work during this invocation. */
  usage: ModelUsage;
  elapsedMs: number;
}

/** What one sampler contributes: its settings and how it samples a turn. */
export interface TurnSampler {
  settings: SamplerSettings;
  threshold: number;
  pairsPerTurn: number;
  sampleTurn(
    item: SamplingItem,
    prompt: readonly TokenId[],
    score: (text: string) => EsmResult,
  ): Promise<Candidate[]>;
}

/**
 * Runs a sampler over the turns of a dataset: prompt, candidates, scores, pair selection, pair
 * records. Turns are committed in order whatever the concurrency, each turn's pairs then its progress
 * line, so an interrupted run that is rerun ends with exactly the pairs of an uninterrupted one. With
 * concurrency 1, each turn starts from an empty model cache (`clearCache`), so its pairs do not
 * depend on the turns sampled before it in this process: a resumed or sharded run writes the same
 * pairs as an uninterrupted one, down to the last digit of every log-probability.
 */
export async function runSampling(
  run: SamplingRunOptions,
  sampler: TurnSampler,
): Promise<{ pairs: PreferencePair[]; summary: SamplingSummary }> {
  const started = Date.now();
  const usageBefore = run.model.usage();
  const items = samplingItems({ records: run.records, targets: run.targets });
  const output = run.out === undefined ? undefined : SamplingOutput.open(run.out);
  const shard = run.shard ?? { index: 0, count: 1 };
  const mine = items.filter((item) => item.index % shard.count === shard.index);
  const pending = mine.filter((item) => !output?.done.has(item.target.id));
  const todo = pending.slice(0, run.limit ?? pending.length);
  const renderer = run.renderer ?? (await ChatRenderer.forModel(run.model));
  const tokenize: Tokenize = run.tokenize ?? ((text) => run.model.tokenize(text, { specialTokens: true }));
  const scoreOptions = {
    ...(run.profile ? { profile: run.profile } : {}),
    ...(run.order ? { order: run.order } : {}),
  };

  const progress: SamplingProgress = { total: todo.length, done: 0, pairs: 0, failed: 0 };
  const summary = {
    resumed: mine.length - pending.length,
    withoutPairs: 0,
    failures: [] as SamplingSummary["failures"],
  };
  const produced: PreferencePair[] = [];
  const outcomes = new Map<number, Outcome>();
  let nextToCommit = 0;
  const commit = () => {
    while (nextToCommit < todo.length && outcomes.has(nextToCommit)) {
      const outcome = outcomes.get(nextToCommit) as Outcome;
      outcomes.delete(nextToCommit);
      nextToCommit++;
      if ("error" in outcome) {
        progress.failed++;
        if (summary.failures.length < 20) summary.failures.push({ id: outcome.id, reason: outcome.error });
      } else {
        output?.commit(outcome.pairs, outcome.record);
        produced.push(...outcome.pairs);
        progress.done++;
        progress.pairs += outcome.pairs.length;
        if (outcome.pairs.length === 0) summary.withoutPairs++;
      }
      run.onProgress?.({ ...progress });
    }
  };

  const alone = Math.max(1, run.concurrency ?? 1) === 1;
  const sampleOne = async (item: SamplingItem): Promise<Outcome> => {
    const { target } = item;
    try {
      run.signal?.throwIfAborted();
      if (alone) await run.model.clearCache?.();
      const score = (output: unknown) => scoreOutput({ output, target, ...scoreOptions });
      const prompt = await promptTokens({ model: run.model, messages: target.context, tools: target.tools });
      const candidates = await sampler.sampleTurn(item, prompt, score);
      const reference = item.referenceMessage
        ? { message: item.referenceMessage, esm: score(item.referenceMessage) }
        : undefined;
      const selection = selectPairs({
        candidates,
        referenceScore: reference?.esm.score,
        threshold: sampler.threshold,
        pairsPerTurn: sampler.pairsPerTurn,
      });
      const pairs = selection
        ? await buildPairs({
            target,
            candidates,
            selection,
            reference,
            renderer,
            tokenize,
            score,
            sampler: sampler.settings,
          })
        : [];
      const best = Math.max(...candidates.map((candidate) => candidate.score));
      const record: ProgressRecord = {
        id: target.id,
        pairs: pairs.length,
        candidates: candidates.length,
        best_score: Number.isFinite(best) ? best : 0,
        ...(candidates[0]?.origin === "greedy" ? { greedy_score: candidates[0].score } : {}),
        chosen:
          selection === undefined
            ? "none"
            : selection.chosen === "reference"
              ? "reference"
              : (candidates[selection.chosen]?.origin ?? "none"),
      };
      return { pairs, record };
    } catch (error) {
      if (run.signal?.aborted) throw error;
      return { id: target.id, error: error instanceof Error ? error.message : String(error) };
    }
  };

  // Reported before the first turn too, so that a display's rate counts from the start.
  run.onProgress?.({ ...progress });
  let cursor = 0;
  const worker = async () => {
    while (cursor < todo.length) {
      const position = cursor++;
      outcomes.set(position, await sampleOne(todo[position] as SamplingItem));
      commit();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, run.concurrency ?? 1) }, worker));
  } finally {
    output?.close();
  }
  const after = run.model.usage();
  const usage: ModelUsage = {
    evaluatedTokens: after.evaluatedTokens - usageBefore.evaluatedTokens,
    reusedTokens: after.reusedTokens - usageBefore.reusedTokens,
    generatedTokens: after.generatedTokens - usageBefore.generatedTokens,
    requests: after.requests - usageBefore.requests,
  };
  return { pairs: produced, summary: { ...progress, ...summary, usage, elapsedMs: Date.now() - started } };
}

type Outcome = { pairs: PreferencePair[]; record: ProgressRecord } | { id: string; error: string };
