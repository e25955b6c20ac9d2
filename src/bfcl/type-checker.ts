import type { BfclType } from "./bfcl-type.js";
import type { CheckResult } from "./check-result.js";
import { type PyType, type PyValue, pyRepr, reprString } from "./python-value.js";

/** BFCL's `PYTHON_TYPE_MAPPING`: the Python type a value of each BFCL type must have. */
export const PYTHON_TYPE: Record<BfclType, PyType> = {
  string: "str",
  integer: "int",
  float: "float",
  boolean: "bool",
  array: "list",
  tuple: "list",
  dict: "dict",
  any: "str",
};

export interface TypeCheckResult extends CheckResult {
  /** The value was accepted as a "variable": its type is that of the answers, not the schema's. */
  isVariable: boolean;
}

/** `get_possible_answer_type`: the type of the first answer that is not the optional marker. */
function firstAnswerType(possible: readonly PyValue[]): PyType | undefined {
  const answer = possible.find((item) => !(item.type === "str" && item.value === ""));
  return answer?.type;
}

/**
 * BFCL's `type_checker`. A value passes when its Python type is the schema's, or else when it is
 * the type of the first possible answer: BFCL writes variable names as strings in possible answers
 * (`"data['sales']"` for an array parameter), and then any value of that answer type passes here
 * and is later compared exactly (`isVariable`). The same applies when the schema's type already
 * matches but the answers are of another type (`[None]` for a string): the value is still a
 * "variable" and skips normalisation.
 *
 * For list types the items are checked one level deep against the item type, with no int→float
 * promotion, against each list among the possible answers; an answer that is not a list (the
 * optional marker `""` included) lets any items pass.
 */
export function typeChecker(
  param: string,
  value: PyValue,
  possible: readonly PyValue[],
  expectedDescription: string,
  expected: PyType,
  nested: PyType | undefined,
): TypeCheckResult {
  const answerType = firstAnswerType(possible);
  const isVariable = answerType !== undefined && answerType !== expected;
  let nestedFailure: string | undefined;

  if (value.type === expected) {
    if (nested === undefined) return { valid: true, errors: [], isVariable };
    for (const answer of possible) {
      let fits = true;
      if (answer.type === "list" && (value.type === "list" || value.type === "tuple")) {
        fits = value.items.every(
          (item) => typeChecker(param, item, answer.items, nested, nested, undefined).valid,
        );
      }
      if (fits) return { valid: true, errors: [], isVariable };
    }
    nestedFailure = `Nested type checking failed for parameter ${reprString(param)}. Expected outer type ${expectedDescription} with inner type <class '${nested}'>. Parameter value: ${pyRepr(value)}.`;
  }

  if (answerType !== undefined && value.type === answerType) {
    // A failed nested check stays failed here: BFCL returns its (invalid) result as is.
    return nestedFailure === undefined
      ? { valid: true, errors: [], isVariable: true }
      : { valid: false, errors: [nestedFailure], errorType: "type_error:nested", isVariable: true };
  }

  const errors = nestedFailure === undefined ? [] : [nestedFailure];
  errors.push(
    `Incorrect type for parameter ${reprString(param)}. Expected type ${expectedDescription}, got ${value.type}. Parameter value: ${pyRepr(value)}.`,
  );
  return { valid: false, errors, errorType: "type_error:simple", isVariable: false };
}
