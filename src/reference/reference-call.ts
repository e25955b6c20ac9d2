import type { JsonValue } from "../json/json-value.js";

/**
 * What counts as correct for one argument. `accepted` lists the values that are right; an object
 * inside it (at the top level, or directly inside a top-level array) is a pattern whose keys map to
 * lists of accepted values, as in BFCL's possible answers. `optional` arguments may be left out.
 */
export interface ReferenceArgument {
  accepted: JsonValue[];
  optional: boolean;
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
