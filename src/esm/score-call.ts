import { isJsonObject, type JsonValue } from "../json/json-value.js";
import type { ReferenceCall } from "../reference/reference-call.js";
import { childPath as pathKey } from "../tool-calls/json-path.js";
import type { ToolCall } from "../tool-calls/tool-call.js";
import type { JsonSchema } from "../tools/tool-definition.js";
import type { EsmError } from "./esm-error.js";
import { CallSide, ReferenceSide } from "./score-sides.js";
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
  const call = new CallSide(options.call);
  const reference = new ReferenceSide(options.reference, options.schema);
  return scoreSides(call, reference, options.profile, options.path ?? "$[0]");
}

/** `scoreCall` on sides already read, as `scoreCalls` has them. */
export function scoreSides(
  call: CallSide,
  reference: ReferenceSide,
  profile: ScoringProfile,
  path: string,
): CallScore {
  const errors: EsmError[] = [];
  const score = evaluateCall(call, reference, profile, { errors, path });
  return { score, errors };
}

/**
 * The score `scoreCall` gives, without building its errors: matching parallel calls scores every
 * pair, but only the matched pairs' errors are ever reported.
 */
export function sidesScore(call: CallSide, reference: ReferenceSide, profile: ScoringProfile): number {
  return evaluateCall(call, reference, profile, undefined);
}

/** Where errors go, and the call's path for them; absent when only the score is wanted. */
interface Report {
  errors: EsmError[];
  path: string;
}

/**
 * The one implementation behind both, so that they give the same score to the last bit. Messages
 * and paths are built only when `report` is given.
 */
function evaluateCall(
  call: CallSide,
  reference: ReferenceSide,
  profile: ScoringProfile,
  report: Report | undefined,
): number {
  const weights = profile.weights;
  const referenceName = reference.reference.name;
  const argsPath = report === undefined ? "" : `${report.path}.arguments`;

  const nameCredit = call.call.name === referenceName ? 1 : 0;
  if (nameCredit === 0 && report !== undefined) {
    report.errors.push({
      type: "wrong_name",
      path: `${report.path}.name`,
      message: `called '${call.call.name}', expected '${referenceName}'`,
    });
  }

  let requiredPresent = 0;
  for (const key of reference.required) {
    if (call.args.has(key)) requiredPresent++;
    else
      report?.errors.push({
        type: "missing_required",
        path: pathKey(argsPath, key),
        message: `'${key}' is required`,
      });
  }

  let known = 0;
  let typed = 0;
  const typeErrors: string[] | undefined = report === undefined ? undefined : [];
  const givenKeys = call.args.keys;
  for (let i = 0; i < givenKeys.length; i++) {
    const key = givenKeys[i]!;
    const referenceArg = reference.args.get(key);
    const propertySchema = reference.properties.get(key);
    if (referenceArg === undefined && propertySchema === undefined) {
      report?.errors.push({
        type: "unexpected_param",
        path: pathKey(argsPath, key),
        message: `'${referenceName}' has no parameter '${key}'`,
      });
      continue;
    }
    known++;
    const value = call.args.values[i]!;
    const pythonType = call.call.pythonTypes?.[pathKey("$", key)];
    if (hasExpectedType(value, propertySchema, referenceArg?.accepted, pythonType)) typed++;
    else if (report !== undefined) {
      typeErrors?.push(key);
      const expected =
        isJsonObject(propertySchema) && propertySchema.type !== undefined
          ? JSON.stringify(propertySchema.type)
          : "another type";
      report.errors.push({
        type: "type_error",
        path: pathKey(argsPath, key),
        message: `expected ${expected}, got ${describeType(value, pythonType)}`,
      });
    }
  }

  let valueSum = 0;
  let valueCount = 0;
  const referenceKeys = reference.args.keys;
  for (let j = 0; j < referenceKeys.length; j++) {
    const key = referenceKeys[j]!;
    const arg = reference.args.values[j]!;
    const value = call.args.get(key);
    if (value === undefined) {
      if (reference.isRequired[j]) valueCount++;
      continue;
    }
    valueCount++;
    const credit = arg.accepted.length === 0 ? 1 : valueCredit(value, arg.accepted, profile.stringCredit);
    valueSum += credit;
    if (credit < 1 && report !== undefined && !typeErrors?.includes(key)) {
      report.errors.push({
        type: "value_error",
        path: pathKey(argsPath, key),
        message: `got ${JSON.stringify(value)}, expected ${describeAccepted(arg.accepted)}`,
      });
    }
  }

  const total = weights.name + weights.required + weights.keys + weights.types + weights.values;
  const earned =
    weights.name * nameCredit +
    weights.required * ratio(requiredPresent, reference.required.length) +
    weights.keys * ratio(known, givenKeys.length) +
    weights.types * ratio(typed, known) +
    weights.values * ratio(valueSum, valueCount);
  return earned / total;
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

function describeAccepted(accepted: readonly JsonValue[]): string {
  const shown = accepted.slice(0, 3).map((value) => JSON.stringify(value));
  return accepted.length > 3 ? `one of ${shown.join(", ")}, ...` : shown.join(" or ");
}
