import { isJsonObject, type JsonValue } from "../json/json-value.js";
import type { ReferenceCall } from "../reference/reference-call.js";
import { childPath as pathKey } from "../tool-calls/json-path.js";
import type { ToolCall } from "../tool-calls/tool-call.js";
import type { JsonSchema } from "../tools/tool-definition.js";
import type { EsmError } from "./esm-error.js";
import type { ScoringProfile } from "./scoring-profile.js";
import { describeType, hasExpectedType } from "./type-check.js";
import { valueCredit } from "./value-credit.js";

export interface CallScore {
  /** Weighted credit over total weight, 0..1. */
  score: number;
  errors: EsmError[];
}

export interface ScoreCallOptions {
  call: ToolCall;
  reference: ReferenceCall;
  /** Parameters schema of the reference's function, when the toolset has it. */
  schema?: JsonSchema | undefined;
  profile: ScoringProfile;
  /** Path of this call in the output, prefixed to error paths. Default `$[0]`. */
  path?: string;
}

/**
 * Scores one predicted call against one reference call, part by part (see ScoringProfile). A wrong
 * name still has its arguments compared with the reference's, so that among wrong calls the one
 * closer to the reference ranks higher.
 */
export function scoreCall(options: ScoreCallOptions): CallScore {
  const { call, reference, profile } = options;
  const path = options.path ?? "$[0]";
  const errors: EsmError[] = [];
  const weights = profile.weights;
  const properties = isJsonObject(options.schema?.properties) ? options.schema.properties : {};
  const schemaRequired = Array.isArray(options.schema?.required)
    ? (options.schema.required as unknown[])
    : [];

  const nameCredit = call.name === reference.name ? 1 : 0;
  if (nameCredit === 0) {
    errors.push({
      type: "wrong_name",
      path: `${path}.name`,
      message: `called '${call.name}', expected '${reference.name}'`,
    });
  }

  const argsPath = `${path}.arguments`;
  const given = call.arguments;
  const givenKeys = Object.keys(given);

  const required = new Set<string>();
  for (const [key, arg] of Object.entries(reference.arguments)) if (!arg.optional) required.add(key);
  for (const key of schemaRequired) if (typeof key === "string") required.add(key);
  let requiredPresent = 0;
  for (const key of required) {
    if (key in given) requiredPresent++;
    else {
      errors.push({
        type: "missing_required",
        path: pathKey(argsPath, key),
        message: `'${key}' is required`,
      });
    }
  }

  let known = 0;
  let typed = 0;
  const typeErrors = new Set<string>();
  for (const key of givenKeys) {
    const referenceArg = reference.arguments[key];
    const schema = properties[key];
    if (referenceArg === undefined && schema === undefined) {
      errors.push({
        type: "unexpected_param",
        path: pathKey(argsPath, key),
        message: `'${reference.name}' has no parameter '${key}'`,
      });
      continue;
    }
    known++;
    const value = given[key] as JsonValue;
    const pythonType = call.pythonTypes?.[pathKey("$", key)];
    if (hasExpectedType(value, schema, referenceArg?.accepted, pythonType)) typed++;
    else {
      typeErrors.add(key);
      const expected =
        isJsonObject(schema) && schema.type !== undefined ? JSON.stringify(schema.type) : "another type";
      errors.push({
        type: "type_error",
        path: pathKey(argsPath, key),
        message: `expected ${expected}, got ${describeType(value, pythonType)}`,
      });
    }
  }

  let valueSum = 0;
  let valueCount = 0;
  for (const [key, arg] of Object.entries(reference.arguments)) {
    const value = given[key];
    if (value === undefined) {
      if (required.has(key)) valueCount++;
      continue;
    }
    valueCount++;
    const credit = arg.accepted.length === 0 ? 1 : valueCredit(value, arg.accepted, profile.stringCredit);
    valueSum += credit;
    if (credit < 1 && !typeErrors.has(key)) {
      errors.push({
        type: "value_error",
        path: pathKey(argsPath, key),
        message: `got ${JSON.stringify(value)}, expected ${describeAccepted(arg.accepted)}`,
      });
    }
  }

  const total = weights.name + weights.required + weights.keys + weights.types + weights.values;
  const earned =
    weights.name * nameCredit +
    weights.required * ratio(requiredPresent, required.size) +
    weights.keys * ratio(known, givenKeys.length) +
    weights.types * ratio(typed, known) +
    weights.values * ratio(valueSum, valueCount);
  return { score: earned / total, errors };
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

function describeAccepted(accepted: readonly JsonValue[]): string {
  const shown = accepted.slice(0, 3).map((value) => JSON.stringify(value));
  return accepted.length > 3 ? `one of ${shown.join(", ")}, ...` : shown.join(" or ");
}
