import type { JsonValue } from "../json/json-value.js";
import type { PythonOnlyType } from "../tool-calls/tool-call.js";

/**
 * What counts as correct for one argument. `accepted` lists the values that are right; an object
 * inside it (at the top level, or directly inside a top-level array) is a pattern whose keys map to
 * lists of accepted values, as in BFCL's possible answers. `optional` arguments may be left out.
 */
export interface ReferenceArgument {
  accepted: JsonValue[];
  optional: boolean;
  /**
   * How the source spelled the accepted values where JSON cannot show it, as `ToolCall.pythonTypes`
   * does for arguments, with paths into `accepted` (`$[0]` is its first value, `$[0][2]` an item of
   * it): BFCL's answer files write `5` or `5.0` on purpose. Absent when the spelling is not known
   * (the values came through JSON.parse); the BFCL checker then takes numbers at float-typed places
   * as floats.
   */
  pythonTypes?: Record<string, PythonOnlyType>;
}

/** A reference call: a function name and what is accepted for each argument. */
export interface ReferenceCall {
  name: string;
  arguments: Record<string, ReferenceArgument>;
}

/**
 * BFCL's possible-answer form of one call: `{FUNC: {PARAM: [accepted values...]}}`, where `""`
 * among the accepted values means the parameter may be left out.
 */
export type PossibleAnswerCall = Record<string, Record<string, JsonValue[]>>;
