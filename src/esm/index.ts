export { maxWeightAlignment, maxWeightAssignment, type Pairs } from "./assignment.js";
export { ESM_ERROR_TYPES, type EsmError, type EsmErrorType } from "./esm-error.js";
export { type CallScore, type ScoreCallOptions, scoreCall } from "./score-call.js";
export { type EsmResult, type ScoreCallsOptions, scoreCalls } from "./score-calls.js";
export { DEFAULT_PROFILE, resolveProfile, type ScoringProfile } from "./scoring-profile.js";
export { valueCredit } from "./value-credit.js";
