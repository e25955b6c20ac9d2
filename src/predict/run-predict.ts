import { GenerateRequestError } from "../backends/generate-request-error.js";
import type { LanguageModel } from "../backends/language-model.js";
import { type DatasetRecord, type EvalTarget, evalTargets } from "../dataset/index.js";
import { promptTokens } from "../inference/index.js";
import { isJsonObject, JsonlAppender } from "../json/index.js";

export interface PredictOptions {
  model: LanguageModel;
  /** Every eval target of every record is predicted (see evalTargets). */
  records: readonly DatasetRecord[];
  /** Predictions JSONL, appended to line by line; ids already in it are skipped. */
  out: string;
  /** Most tokens generated per target, or a cap per target (answerBudget). Default 512. */
  maxTokens?: number | ((target: EvalTarget) => Promise<number>);
  /** Targets in flight at once (they decode together on llama.cpp). Default 4. */
  concurrency?: number;
  /** Predict at most this many targets in this call; a rerun does the rest. Default: all. */
  limit?: number;
  onProgress?: (progress: PredictProgress) => void;
  signal?: AbortSignal;
}

export interface PredictProgress {
  /** Targets in the dataset. */
  readonly total: number;
  /** Targets with a prediction in the file before this run. */
  readonly skipped: number;
  readonly written: number;
  readonly failed: number;
}

export interface PredictSummary extends PredictProgress {
  /** Targets that could not be predicted (a context too long for the model), first ones first. */
  readonly failures: ReadonlyArray<{ readonly id: string; readonly reason: string }>;
  readonly generatedTokens: number;
  readonly elapsedMs: number;
}

/**
 * Greedy predictions for a dataset's eval targets: each target's context rendered with the
 * model's chat template (promptTokens), generated until an end-of-generation token or `maxTokens`,
 * and appended as `{id, output}` with `output` the raw text, what `ttpa eval` parses. Lines are
 * whole or absent, so a killed run resumes where it stopped with no duplicates. A target whose
 * prompt the chat template cannot render or the context cannot hold is reported and left out (a
 * rerun tries it again); any other error stops the run.
 */
export async function runPredict(options: PredictOptions): Promise<PredictSummary> {
  const started = Date.now();
  const { model } = options;
  const { maxTokens = 512 } = options;
  const targets = options.records.flatMap(evalTargets);
  const { appender, existing } = JsonlAppender.open(options.out);
  const done = new Set<string>();
  for (const line of existing) if (isJsonObject(line) && typeof line.id === "string") done.add(line.id);
  const todo: EvalTarget[] = [];
  for (const target of targets) {
    if (done.has(target.id)) continue;
    done.add(target.id);
    todo.push(target);
  }
  const skipped = targets.length - todo.length;
  const batch = options.limit === undefined ? todo : todo.slice(0, options.limit);
  const failures: Array<{ id: string; reason: string }> = [];
  let written = 0;
  let generatedTokens = 0;
  const progress = (): PredictProgress => ({
    total: targets.length,
    skipped,
    written,
    failed: failures.length,
  });

  // A failing worker stops the others' generations too, rather than letting them run on.
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batch.length) {
      signal.throwIfAborted();
      const target = batch[next++] as EvalTarget;
      try {
        const prompt = await promptTokens({ model, messages: target.context, tools: target.tools }).catch(
          (error: unknown) => {
            if (signal.aborted || !isTemplateError(error)) throw error;
            throw new PromptError(error.message);
          },
        );
        const cap = typeof maxTokens === "number" ? maxTokens : await maxTokens(target);
        const [result] = await model.generate([{ prompt, maxTokens: cap }], { signal });
        if (result === undefined) throw new Error("the model returned no result");
        appender.append({ id: target.id, output: result.text });
        written++;
        generatedTokens += result.tokens.length;
      } catch (error) {
        if (error instanceof PromptError) failures.push({ id: target.id, reason: error.message });
        else if (error instanceof GenerateRequestError)
          failures.push({ id: target.id, reason: error.message.replace(/^request \d+, /, "") });
        else throw error;
      }
      options.onProgress?.(progress());
    }
  };
  options.onProgress?.(progress());
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 4) }, () =>
    worker().catch((error: unknown) => {
      controller.abort(error);
      throw error;
    }),
  );
  // Every worker has stopped writing before the file closes.
  const outcomes = await Promise.allSettled(workers);
  appender.close();
  const failure = outcomes.find((outcome) => outcome.status === "rejected");
  if (failure !== undefined) throw signal.reason ?? failure.reason;
  return { ...progress(), failures, generatedTokens, elapsedMs: Date.now() - started };
}

/** A conversation the model's chat template cannot render: that target fails, the run goes on. */
class PromptError extends Error {
  constructor(detail: string) {
    super(
      `the chat template could not render the conversation (${detail}); check the template supports tool calls`,
    );
  }
}

/**
 * Rendering fails with plain errors from the Jinja interpreter; tokenization on a server fails with
 * HttpError or RemoteModelError, and an abort with its reason: those stop the run.
 */
function isTemplateError(error: unknown): error is Error {
  return (
    error instanceof Error &&
    error.constructor === Error &&
    !(error.name === "AbortError" || error.name === "TimeoutError")
  );
}
