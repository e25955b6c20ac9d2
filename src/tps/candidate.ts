import type { EsmError } from "../esm/esm-error.js";
import type { BranchInfo } from "../pairs/preference-pair.js";
import type { ScoredCandidate } from "./pair-selection.js";

/** One model output for a turn, scored against the reference. */
export interface Candidate extends ScoredCandidate {
  errors: EsmError[];
  /** For a TPS branch: where it left the greedy completion and onto what. */
  branch?: BranchInfo;
}
