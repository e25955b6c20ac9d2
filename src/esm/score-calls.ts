import type { ReferenceCall } from "../reference/reference-call.js";
import type { ParseResult } from "../tool-calls/parse-result.js";
import type { ToolCall } from "../tool-calls/tool-call.js";
import type { JsonSchema, Toolset } from "../tools/tool-definition.js";
import { maxWeightAlignment, maxWeightAssignment, type Pairs } from "./assignment.js";
import type { EsmError } from "./esm-error.js";
import { scoreSides, sidesScore } from "./score-call.js";
import { CallSide, ReferenceSide } from "./score-sides.js";
import { DEFAULT_PROFILE, type ScoringProfile } from "./scoring-profile.js";

export interface EsmResult {
  /** 0..1: matched pairs' scores summed over the larger of the two call counts. */
  score: number;
  errors: EsmError[];
  /** The assignment: predicted call index, reference call index, the pair's score. */
  matches: Array<{ call: number; reference: number; score: number }>;
}

export interface ScoreCallsOptions {
  /** The parsed model output. */
  result: ParseResult;
  /** The reference calls; empty means the right answer is to call nothing. */
  reference: readonly ReferenceCall[];
  /** The toolset, for argument schemas (types, known keys, required). Default: none, the reference decides. */
  tools?: Toolset;
  /** Default: DEFAULT_PROFILE, the authors' weights. */
  profile?: ScoringProfile;
  /**
   * `"free"` (default): calls are matched to references by the assignment that maximises the
   * total score, so the order of parallel calls does not matter. `"enforced"`: only
   * order-preserving matches count.
   */
  order?: "free" | "enforced";
}

/**
 * Scores a model output against the reference calls with the error-oriented scoring mechanism:
 * every error is named, and each wrong call costs exactly its own shortfall.
 */
export function scoreCalls(options: ScoreCallsOptions): EsmResult {
  const { result, reference } = options;
  const profile = options.profile ?? DEFAULT_PROFILE;
  if (result.type === "format_error") {
    return fail({
      type: "format_error",
      path: "$",
      message: `${result.reason} (at offset ${result.offset})`,
    });
  }
  if (result.type === "no_call") {
    if (reference.length === 0) return { score: 1, errors: [], matches: [] };
    return fail({ type: "no_call", path: "$", message: `no call made, expected ${reference.length}` });
  }
  const calls = result.calls;
  if (reference.length === 0) {
    return {
      score: 0,
      errors: calls.map((call, i) => ({
        type: "irrelevant_call",
        path: `$[${i}]`,
        message: `called '${call.name}' where no call was expected`,
      })),
      matches: [],
    };
  }
  if (calls.length === 0) return fail({ type: "no_call", path: "$", message: "empty call list" });

  return scoreMatched(calls, reference, schemaIndex(options.tools), profile, options.order ?? "free");
}

/**
 * The best assignment of calls to references, from every pair's score alone; then the matched
 * pairs are scored again with their errors (the other pairs' errors would be built only to be
 * dropped). One call against one reference (most outputs) is its own assignment under "free" order.
 */
function scoreMatched(
  calls: readonly ToolCall[],
  reference: readonly ReferenceCall[],
  schemas: ReadonlyMap<string, JsonSchema>,
  profile: ScoringProfile,
  order: "free" | "enforced",
): EsmResult {
  const callSides = calls.map((call) => new CallSide(call));
  const referenceSides = reference.map((ref) => new ReferenceSide(ref, schemas.get(ref.name)));
  let pairs: Pairs;
  if (calls.length === 1 && reference.length === 1 && order === "free") pairs = [[0, 0]];
  else {
    const weights = callSides.map((call) => referenceSides.map((ref) => sidesScore(call, ref, profile)));
    pairs = order === "enforced" ? maxWeightAlignment(weights) : maxWeightAssignment(weights);
  }

  const errors: EsmError[] = [];
  const matches: EsmResult["matches"] = [];
  const matchedCalls = new Set<number>();
  const matchedReferences = new Set<number>();
  let sum = 0;
  for (const [call, ref] of pairs) {
    const cell = scoreSides(callSides[call]!, referenceSides[ref]!, profile, `$[${call}]`);
    matches.push({ call, reference: ref, score: cell.score });
    errors.push(...cell.errors);
    sum += cell.score;
    matchedCalls.add(call);
    matchedReferences.add(ref);
  }
  calls.forEach((call, i) => {
    if (!matchedCalls.has(i)) {
      errors.push({
        type: "extra_call",
        path: `$[${i}]`,
        message: `call to '${call.name}' matches no reference call`,
      });
    }
  });
  reference.forEach((ref, j) => {
    if (!matchedReferences.has(j)) {
      errors.push({
        type: "missing_call",
        path: "$",
        message: `no call matches reference #${j} ('${ref.name}')`,
      });
    }
  });
  return { score: sum / Math.max(calls.length, reference.length), errors, matches };
}

function fail(error: EsmError): EsmResult {
  return { score: 0, errors: [error], matches: [] };
}

const schemaCache = new WeakMap<Toolset, Map<string, JsonSchema>>();
const NO_SCHEMAS: ReadonlyMap<string, JsonSchema> = new Map();

/** Schemas by function name, built once per toolset object since evaluation scores many outputs per toolset. */
function schemaIndex(tools: Toolset | undefined): ReadonlyMap<string, JsonSchema> {
  if (!tools) return NO_SCHEMAS;
  let index = schemaCache.get(tools);
  if (!index) {
    index = new Map(tools.map((tool) => [tool.function.name, tool.function.parameters]));
    schemaCache.set(tools, index);
  }
  return index;
}
