export {
  BRANCH_POINT_DEFAULTS,
  type BranchPoint,
  type BranchPointOptions,
  type GreedyPosition,
  selectBranchPoints,
} from "./branch-points.js";
export { classifyCharacters } from "./call-lexer.js";
export type { Candidate } from "./candidate.js";
export {
  type PairSelection,
  type PairSelectionOptions,
  type ScoredCandidate,
  selectPairs,
} from "./pair-selection.js";
export { messageFromReference } from "./reference-message.js";
export type { SamplingProgress, SamplingRunOptions, SamplingSummary } from "./run-sampling.js";
export { type BaselineOptions, type SampleBaselineOptions, sampleBaseline } from "./sample-baseline.js";
export {
  resolveTpsOptions,
  type SampleTokenLevelOptions,
  sampleTokenLevel,
  type TpsOptions,
} from "./sample-token-level.js";
export { type SamplingItem, samplingItems } from "./sampling-items.js";
export { SamplingOptionError } from "./sampling-option-error.js";
export { type ProgressRecord, progressFile } from "./sampling-output.js";
export { type ScoreOutputOptions, scoreOutput } from "./score-output.js";
export { classRank, TOKEN_CLASSES, type TokenClass } from "./token-class.js";
export { classifyTokens, type Span, TokenTexts } from "./token-texts.js";
