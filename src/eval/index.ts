export type { ErrorTally, EvalItem, EvalMode, EvalReport, EvalSummary } from "./eval-report.js";
export { type EvaluateOptions, evaluate } from "./evaluate.js";
export { formatEvalReport } from "./format-eval-report.js";
