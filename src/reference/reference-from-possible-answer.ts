import { childPath, rebasePaths } from "../tool-calls/json-path.js";
import type { PythonOnlyType } from "../tool-calls/tool-call.js";
import type { PossibleAnswerCall, ReferenceCall } from "./reference-call.js";

/**
 * BFCL's possible-answer call (`{FUNC: {PARAM: [values, "" = optional]}}`) as a reference call.
 * `floats`, when given, are the paths (from the call: `$.FUNC.PARAM[1]`) of the numbers the answer
 * file wrote as integral floats; each argument then records the spelling of its accepted values.
 */
export function referenceFromPossibleAnswer(
  answer: PossibleAnswerCall,
  floats?: readonly string[],
): ReferenceCall {
  const names = Object.keys(answer);
  if (names.length !== 1) {
    throw new Error(`a possible-answer call has exactly one function name, got ${names.length}`);
  }
  const name = names[0]!;
  const args: ReferenceCall["arguments"] = {};
  for (const [key, values] of Object.entries(answer[name]!)) {
    const accepted = values.filter((value) => value !== "");
    const argument: ReferenceCall["arguments"][string] = { accepted, optional: values.includes("") };
    if (floats) {
      const paramPath = childPath(childPath("$", name), key);
      const pythonTypes: Record<string, PythonOnlyType> = {};
      let index = 0;
      values.forEach((value, j) => {
        if (value === "") return;
        const moved = rebasePaths(floats, childPath(paramPath, j), childPath("$", index++));
        for (const path of moved) pythonTypes[path] = "float";
      });
      argument.pythonTypes = pythonTypes;
    }
    args[key] = argument;
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
