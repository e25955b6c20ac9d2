import type { AssistantMessage, ChatMessage } from "../dataset/chat-message.js";
import type { EsmError } from "../esm/esm-error.js";
import type { Toolset } from "../tools/tool-definition.js";

/** Where a side of a pair came from: the dataset's own answer, or one of the model's outputs. */
export type CandidateOrigin = "reference" | "greedy" | "branch" | "sample";

/** The settings a pair was sampled with, recorded so a pair file says how it was made. */
export interface SamplerSettings {
  name: "tps" | "baseline";
  /** The model that was sampled (a GGUF path or a served model name). */
  model: string;
  [setting: string]: string | number | boolean;
}

/** The branch a TPS candidate was forced onto: which completion token it replaced, and with what. */
export interface BranchInfo {
  /** Index of the replaced token among the greedy completion's tokens. */
  position: number;
  /** The alternative token forced there. */
  token: number;
  /** Its probability at that position. */
  probability: number;
  /** The lexical class of the replaced greedy token. */
  tokenClass: string;
}

export interface PairMeta {
  /**
   * Index, among the tokens of the assistant completion (the turn as the chat template renders it,
   * tokenized the way the trainer tokenizes it), of the first token where chosen and rejected differ.
   */
  divergence_token: number;
  chosen_score: number;
  rejected_score: number;
  /** The rejected side's ESM errors. */
  errors: EsmError[];
  sampler: SamplerSettings;
  /** The evaluation target (dataset turn) the pair was sampled for; resumption keys on it. */
  target_id: string;
  chosen_source: CandidateOrigin;
  rejected_source: CandidateOrigin;
  /** Present when the rejected side is a TPS branch. */
  rejected_branch?: BranchInfo;
  /** Present when the chosen side is a TPS branch. */
  chosen_branch?: BranchInfo;
  [key: string]: unknown;
}

/** One line of a preference-pair JSONL file. */
export interface PreferencePair {
  id: string;
  tools: Toolset;
  /** The conversation up to the assistant turn both sides answer. */
  prompt: ChatMessage[];
  chosen: AssistantMessage;
  rejected: AssistantMessage;
  meta: PairMeta;
}
