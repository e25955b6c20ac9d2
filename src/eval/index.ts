export type { ErrorTally, EvalItem, EvalMode, EvalReport, EvalSummary } from "./eval-report.js";
export { type EvaluateOptions, evaluate } from "./evaluate.js";
export { formatAccuracy, formatEvalReport } from "./format-eval-report.js";
export { type PairedCounts, type PairedDifference, pairedDifference } from "./paired-difference.js";
export { wilsonInterval } from "./wilson-interval.js";
