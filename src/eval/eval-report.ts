import type { EsmError, EsmErrorType } from "../esm/esm-error.js";

/** How an output is judged correct: BFCL's AST-checker verdict, or an ESM score with no error. */
export type EvalMode = "bfcl" | "esm";

export interface EvalItem {
  id: string;
  category: string | undefined;
  /** True when no prediction line had this target's id: counted as incorrect with score 0. */
  missing: boolean;
  correct: boolean;
  /** ESM score, 0..1. */
  score: number;
  errors: EsmError[];
  /** BFCL's error type when its checker rejects the output (e.g. `value_error:string`). */
  bfclError?: string;
}

export interface ErrorTally {
  /** Occurrences of the error. */
  count: number;
  /** Targets with at least one such error, over all targets of the group. */
  share: number;
}

export interface EvalSummary {
  /** Targets in the group, missing predictions included. */
  count: number;
  correct: number;
  accuracy: number;
  meanScore: number;
  errors: Record<EsmErrorType, ErrorTally>;
}

export interface EvalReport {
  mode: EvalMode;
  targets: number;
  /** Targets that had a prediction. */
  scored: number;
  missing: number;
  /** Prediction lines that could not be used (not JSON, no id, unknown id, duplicate id). */
  problems: Array<{ line: number; reason: string }>;
  overall: EvalSummary;
  /** Per `meta.category`, when the dataset has categories. */
  categories: Record<string, EvalSummary>;
  items: EvalItem[];
}
