import type { PossibleAnswerCall } from "../reference/reference-call.js";
import type { Toolset } from "../tools/tool-definition.js";
import type { ChatMessage } from "./chat-message.js";

export interface RecordMeta {
  /** Category for per-category reports (BFCL's `simple_python`, `parallel`, ... or the user's own). */
  category?: string;
  /**
   * Accepted answers in BFCL's possible-answer form, one list of calls per evaluation target of the
   * record (see `evalTargets`). When absent, a target's reference is the assistant's own calls.
   */
  possible_answers?: PossibleAnswerCall[][];
  [key: string]: unknown;
}

/** One line of a dataset JSONL file. */
export interface DatasetRecord {
  id: string;
  tools: Toolset;
  messages: ChatMessage[];
  meta: RecordMeta;
}
