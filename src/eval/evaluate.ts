import { checkBfcl } from "../bfcl/index.js";
import type { EvalTarget } from "../dataset/eval-targets.js";
import { ESM_ERROR_TYPES } from "../esm/esm-error.js";
import { scoreCalls } from "../esm/score-calls.js";
import type { ScoringProfile } from "../esm/scoring-profile.js";
import { isJsonObject } from "../json/json-value.js";
import type { JsonlEntry, JsonlProblem } from "../json/read-jsonl.js";
import { parseToolCalls } from "../tool-calls/index.js";
import type { EvalItem, EvalMode, EvalReport, EvalSummary } from "./eval-report.js";

export interface EvaluateOptions {
  targets: readonly EvalTarget[];
  /** Parsed prediction lines, each `{id, output}` with output raw text or an assistant message. */
  predictions: readonly JsonlEntry[];
  /** Lines that were not JSON, reported and counted alongside the ones found here. */
  problems?: readonly JsonlProblem[];
  /** Default `"bfcl"`. */
  mode?: EvalMode;
  /** Default: the authors' profile. */
  profile?: ScoringProfile;
  /** Default `"free"`: parallel calls match in any order. */
  order?: "free" | "enforced";
}

/**
 * Scores every target: the ESM score and error breakdown always, and correctness by the chosen
 * mode. Bad prediction lines are reported with their line numbers and the rest is still scored.
 */
export function evaluate(options: EvaluateOptions): EvalReport {
  const mode = options.mode ?? "bfcl";
  const problems = [...(options.problems ?? [])];
  const targetIds = new Set(options.targets.map((target) => target.id));
  const outputs = new Map<string, unknown>();
  for (const { line, value } of options.predictions) {
    if (!isJsonObject(value) || typeof value.id !== "string" || !("output" in value)) {
      problems.push({ line, reason: "expected an object with 'id' (string) and 'output'" });
    } else if (!targetIds.has(value.id)) {
      problems.push({ line, reason: `id '${value.id}' is not in the dataset` });
    } else if (outputs.has(value.id)) {
      problems.push({ line, reason: `duplicate prediction for id '${value.id}' (the first one is scored)` });
    } else {
      outputs.set(value.id, value.output);
    }
  }
  problems.sort((a, b) => a.line - b.line);

  const items = options.targets.map((target): EvalItem => {
    const base = { id: target.id, category: target.category };
    if (!outputs.has(target.id)) return { ...base, missing: true, correct: false, score: 0, errors: [] };
    const output = outputs.get(target.id);
    const result = parseToolCalls(output as Parameters<typeof parseToolCalls>[0]);
    const esm = scoreCalls({
      result,
      reference: target.reference,
      tools: target.tools,
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.order ? { order: options.order } : {}),
    });
    const verdict = checkBfcl({
      tools: target.tools,
      reference: target.reference,
      result,
      output,
      ...(target.category === undefined ? {} : { category: target.category }),
    });
    return {
      ...base,
      missing: false,
      correct: mode === "bfcl" ? verdict.valid : esm.errors.length === 0,
      score: esm.score,
      errors: esm.errors,
      ...(verdict.valid || verdict.errorType === undefined ? {} : { bfclError: verdict.errorType }),
    };
  });

  const byCategory = new Map<string, EvalItem[]>();
  for (const item of items) {
    if (item.category === undefined) continue;
    const group = byCategory.get(item.category) ?? [];
    group.push(item);
    byCategory.set(item.category, group);
  }
  const scored = items.filter((item) => !item.missing).length;
  return {
    mode,
    targets: items.length,
    scored,
    missing: items.length - scored,
    problems,
    overall: summarise(items),
    categories: Object.fromEntries([...byCategory].map(([name, group]) => [name, summarise(group)])),
    items,
  };
}

function summarise(items: readonly EvalItem[]): EvalSummary {
  const errors = Object.fromEntries(
    ESM_ERROR_TYPES.map((type) => [type, { count: 0, share: 0 }]),
  ) as EvalSummary["errors"];
  let correct = 0;
  let scoreSum = 0;
  for (const item of items) {
    if (item.correct) correct++;
    scoreSum += item.score;
    const seen = new Set<string>();
    for (const error of item.errors) {
      errors[error.type].count++;
      if (!seen.has(error.type)) {
        seen.add(error.type);
        errors[error.type].share++;
      }
    }
  }
  const count = items.length;
  for (const tally of Object.values(errors)) tally.share = count === 0 ? 0 : tally.share / count;
  return {
    count,
    correct,
    accuracy: count === 0 ? 0 : correct / count,
    meanScore: count === 0 ? 0 : scoreSum / count,
    errors,
  };
}
