import type { PossibleAnswerCall, ReferenceCall } from "./reference-call.js";

/** BFCL's possible-answer call (`{FUNC: {PARAM: [values, "" = optional]}}`) as a reference call. */
export function referenceFromPossibleAnswer(answer: PossibleAnswerCall): ReferenceCall {
  const names = Object.keys(answer);
  if (names.length !== 1) {
    throw new Error(`a possible-answer call has exactly one function name, got ${names.length}`);
  }
  const name = names[0]!;
  const args: ReferenceCall["arguments"] = {};
  for (const [key, values] of Object.entries(answer[name]!)) {
    args[key] = { accepted: values.filter((value) => value !== ""), optional: values.includes("") };
  }
  return { name, arguments: args };
}

/** A reference call back in BFCL's possible-answer form. */
export function possibleAnswerFromReference(reference: ReferenceCall): PossibleAnswerCall {
  const params: PossibleAnswerCall[string] = {};
  for (const [key, arg] of Object.entries(reference.arguments)) {
    params[key] = arg.optional ? [...arg.accepted, ""] : [...arg.accepted];
  }
  return { [reference.name]: params };
}
