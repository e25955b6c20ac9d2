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
  /**
   * For each list in `possible_answers`, the paths into it (`$[0].FUNC.PARAM[1]`) of the numbers the
   * source wrote as integral floats (`5.0`): JSON keeps no difference between `5` and `5.0`, BFCL's
   * checker does. Absent when the spelling is unknown (numbers at float-typed places then count as
   * floats).
   */
  possible_answer_floats?: string[][];
  [key: string]: unknown;
}

/** One line of a dataset JSONL file. */
export interface DatasetRecord {
  id: string;
  tools: Toolset;
  messages: ChatMessage[];
  meta: RecordMeta;
}
