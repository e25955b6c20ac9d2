import { isJsonObject } from "../json/json-value.js";
import type { ReferenceCall } from "../reference/reference-call.js";
import { childPath, type ToolCall } from "../tool-calls/index.js";
import type { FunctionDefinition } from "../tools/tool-definition.js";
import { bfclTypeOf, itemsSchemaOf } from "./bfcl-type.js";
import { type CheckResult, invalid, passed } from "./check-result.js";
import {
  PY_EMPTY_STRING,
  type PyValue,
  pyFromAnswer,
  pyFromArgument,
  pyIn,
  pyRepr,
  reprList,
  reprString,
} from "./python-value.js";
import { PYTHON_TYPE, typeChecker } from "./type-checker.js";
import { dictChecker, listChecker, listDictChecker, stringChecker } from "./value-checkers.js";

export interface SimpleCheckOptions {
  /**
   * BFCL's `underscore_to_dot` model setting: the model saw dotted function names with `_` in place
   * of `.` (OpenAI-style APIs forbid dots), so the expected name is compared in that form.
   */
  underscoreToDot?: boolean;
}

/**
 * BFCL's `simple_function_checker`: one model call against one function doc and one possible
 * answer, in BFCL's order of checks, stopping at the first failure: function name, required
 * parameters, then each parameter the model gave (known to schema and answer, type, value), then
 * answer parameters left out that are not marked optional.
 */
export function simpleFunctionChecker(
  doc: FunctionDefinition,
  call: ToolCall,
  reference: ReferenceCall,
  options: SimpleCheckOptions = {},
): CheckResult {
  const properties = isJsonObject(doc.parameters.properties) ? doc.parameters.properties : {};
  const required = Array.isArray(doc.parameters.required) ? doc.parameters.required : [];
  const expectedName = options.underscoreToDot ? doc.name.replaceAll(".", "_") : doc.name;

  if (call.name !== expectedName) {
    return invalid(
      "simple_function_checker:wrong_func_name",
      `Function name ${reprString(expectedName)} not found in model output.`,
    );
  }
  const given = new Set(Object.keys(call.arguments));
  for (const param of required) {
    if (typeof param === "string" && !given.has(param)) {
      return invalid(
        "simple_function_checker:missing_required",
        `Missing required parameter: ${reprString(param)}.`,
      );
    }
  }

  for (const [param, json] of Object.entries(call.arguments)) {
    const answer = Object.hasOwn(reference.arguments, param) ? reference.arguments[param] : undefined;
    if (!Object.hasOwn(properties, param) || answer === undefined) {
      return invalid(
        "simple_function_checker:unexpected_param",
        `Unexpected parameter: ${reprString(param)}.`,
      );
    }
    const schema = properties[param];
    const type = bfclTypeOf(schema);
    const expected = PYTHON_TYPE[type];
    const itemsSchema = type === "array" || type === "tuple" ? itemsSchemaOf(schema) : undefined;
    const itemType = itemsSchema === undefined ? undefined : bfclTypeOf(itemsSchema);
    const nested = itemType === undefined ? undefined : PYTHON_TYPE[itemType];

    // BFCL's list of possible answers keeps the optional marker "" among the values. Numbers are
    // typed as the answer file spelled them when that is known, else by the schema.
    const spelled = answer.pythonTypes;
    const possible: PyValue[] = answer.accepted.map((value, i) =>
      spelled
        ? pyFromArgument(value, childPath("$", i), spelled)
        : pyFromAnswer(value, type === "float", itemType === "float"),
    );
    if (answer.optional) possible.push(PY_EMPTY_STRING);

    let value = pyFromArgument(json, childPath("$", param), call.pythonTypes);
    // JSON has no tuples, so tuple answers are lists: a tuple given for a tuple parameter is read as one.
    if (type === "tuple" && value.type === "tuple") value = { type: "list", items: value.items };
    // Python promotes int to float where a float is expected (but not bool, and not inside lists).
    if (type === "float" && value.type === "int") value = { type: "float", value: value.value };

    const typeCheck = typeChecker(param, value, possible, type, expected, nested);
    if (!typeCheck.valid) return { valid: false, errors: typeCheck.errors, errorType: typeCheck.errorType };

    // A variable is compared exactly below, without the normalising checkers.
    if (!typeCheck.isVariable) {
      let result: CheckResult | undefined;
      if (expected === "dict") result = dictChecker(param, value, possible);
      else if (expected === "list" && nested === "dict") result = listDictChecker(param, value, possible);
      else if (expected === "str" && value.type === "str")
        result = stringChecker(param, value.value, possible);
      else if (expected === "list") result = listChecker(param, value, possible);
      if (result !== undefined) {
        if (!result.valid) return result;
        continue;
      }
    }

    if (!pyIn(value, possible)) {
      return invalid(
        "value_error:others",
        `Invalid value for parameter ${reprString(param)}: ${pyRepr(value)}. Expected one of ${reprList(possible)}.`,
      );
    }
  }

  for (const [param, answer] of Object.entries(reference.arguments)) {
    if (!given.has(param) && !answer.optional) {
      return invalid(
        "simple_function_checker:missing_optional",
        `Optional parameter ${reprString(param)} not provided and not marked as optional.`,
      );
    }
  }
  return passed();
}
