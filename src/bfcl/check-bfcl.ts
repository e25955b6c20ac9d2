import { InputError } from "../errors/input-error.js";
import type { ReferenceCall } from "../reference/reference-call.js";
import type { ParseResult } from "../tool-calls/parse-result.js";
import { parseToolCalls } from "../tool-calls/parse-tool-calls.js";
import type { ToolCall } from "../tool-calls/tool-call.js";
import type { FunctionDefinition, Toolset } from "../tools/tool-definition.js";
import type { CheckResult } from "./check-result.js";
import { type SimpleCheckOptions, simpleFunctionChecker } from "./simple-function-checker.js";

export interface CheckBfclInput extends SimpleCheckOptions {
  tools: Toolset;
  /** The accepted calls; empty means no call is the right answer (BFCL's irrelevance). */
  reference: ReferenceCall[];
  result: ParseResult;
  /**
   * The model output `result` was parsed from. Where it is text, an output that did not parse as
   * calls is read again as BFCL's prompt decoder reads text: spacing and backticks stripped from
   * its ends, then `[` and `]` added where missing, so a list cut short after a whole call
   * (`[f(a=1)`, `[f(a=1),`) still decodes, as in BFCL.
   */
  output?: unknown;
  /** BFCL category (`simple_python`, `live_parallel_multiple`, ...); picks the checker as BFCL does. */
  category?: string;
}

export interface BfclVerdict {
  valid: boolean;
  /** BFCL's own error-type string (`simple_function_checker:wrong_func_name`, `type_error:simple`, ...). */
  errorType?: string;
  errors: string[];
}

/** Which of BFCL's checkers decides an entry. */
export type BfclRule = "irrelevance" | "relevance" | "simple" | "multiple" | "parallel";

/** The single-turn categories BFCL scores with its AST checker or its relevance runner. */
export const BFCL_AST_CATEGORIES: ReadonlySet<string> = new Set([
  "simple",
  "simple_python",
  "multiple",
  "parallel",
  "parallel_multiple",
  "irrelevance",
  "live_simple",
  "live_multiple",
  "live_parallel",
  "live_parallel_multiple",
  "live_irrelevance",
  "live_relevance",
]);

/**
 * The checker for an entry. A BFCL category decides as in BFCL's runner (`irrelevance` and
 * `relevance` by name, then "parallel" in the name → no-order parallel, "multiple" → multiple,
 * else simple). Any other category (or none) is decided by the reference: no call → irrelevance,
 * one call → multiple (the simple checker, with the function doc found by the reference's name),
 * several → parallel without order. An empty reference always means irrelevance outside relevance.
 */
export function bfclRule(category: string | undefined, referenceCount: number): BfclRule {
  const known = category !== undefined && BFCL_AST_CATEGORIES.has(category);
  if (known && category.includes("irrelevance")) return "irrelevance";
  if (known && category.includes("relevance")) return "relevance";
  if (referenceCount === 0) return "irrelevance";
  if (known) {
    if (category.includes("parallel")) return "parallel";
    if (category.includes("multiple")) return "multiple";
    return "simple";
  }
  return referenceCount === 1 ? "multiple" : "parallel";
}

/**
 * Decides correct/incorrect for one model output exactly as BFCL's single-turn evaluation does.
 *
 * Decoding, as BFCL's runner sees it: a `format_error` is a failed AST decode
 * (`ast_decoder:decoder_failed`), and so are calls read out of prose (`inProse`). A `no_call` with prose is one too: BFCL's decoders raise on
 * prose, in prompt and function-calling mode alike. A `no_call` whose text is empty or `[]`
 * decodes to an empty call list and so fails the count check (`...:wrong_count`). For the
 * (ir)relevance rules only "was any call decoded" matters, so a decode failure counts as no call.
 * Throws an InputError when the reference names a function the toolset lacks (BFCL would crash).
 */
export function checkBfcl(input: CheckBfclInput): BfclVerdict {
  const { tools, reference, result } = input;
  const rule = bfclRule(input.category, reference.length);
  const calls = decodedCalls(result) ?? decodedAsBfclWraps(input.output);

  if (rule === "irrelevance" || rule === "relevance") {
    const madeCall = calls !== undefined && calls.length > 0;
    if (rule === "irrelevance") {
      return madeCall
        ? verdict(false, "irrelevance_error:decoder_success", [
            "Valid syntax. Successfully decode AST when it should not.",
          ])
        : verdict(true);
    }
    return madeCall
      ? verdict(true)
      : verdict(false, "relevance_error:decoder_failed", [
          `Invalid syntax. Failed to decode AST when it should have. ${decodeFailure(result)}`.trimEnd(),
        ]);
  }

  if (calls === undefined) {
    return verdict(false, "ast_decoder:decoder_failed", [
      `Invalid syntax. Failed to decode AST. ${decodeFailure(result)}`,
    ]);
  }
  const options: SimpleCheckOptions = { underscoreToDot: input.underscoreToDot ?? false };
  let outcome: CheckResult;
  if (rule === "parallel") outcome = parallelNoOrder(tools, calls, reference, options);
  else if (rule === "multiple") outcome = multipleChecker(tools, calls, reference, options);
  else outcome = simpleChecker(tools, calls, reference, options);
  return verdict(outcome.valid, outcome.errorType, outcome.errors);
}

function verdict(valid: boolean, errorType?: string, errors: string[] = []): BfclVerdict {
  return valid ? { valid, errors: [] } : { valid, errorType: errorType ?? "unknown", errors };
}

/**
 * The calls BFCL's decoder would hand to the checker, or undefined where it would raise: calls read
 * out of prose fail BFCL's prompt-mode decoder, which parses the whole output (less spacing and
 * backticks at its ends) as the list of calls.
 */
function decodedCalls(result: ParseResult): ToolCall[] | undefined {
  if (result.type === "calls") return result.inProse ? undefined : result.calls;
  if (result.type === "no_call" && decodesToNoCalls(result.text)) return [];
  return undefined;
}

/**
 * Text as BFCL's prompt decoder hands it to Python's parser: backticks, newlines and spaces
 * stripped from both ends, then wrapped in `[...]` where it lacks either bracket.
 */
function bfclWrapped(text: string): string {
  let body = text.replace(/^[`\n ]+|[`\n ]+$/g, "");
  if (!body.startsWith("[")) body = `[${body}`;
  if (!body.endsWith("]")) body = `${body}]`;
  return body;
}

/** Only an empty text or an empty list decodes to `[]` without raising. */
function decodesToNoCalls(text: string): boolean {
  return /^\[\s*\]$/.test(bfclWrapped(text));
}

/** The calls of a text output that ttpa's parser refused but BFCL's bracket wrapping mends. */
function decodedAsBfclWraps(output: unknown): ToolCall[] | undefined {
  if (typeof output !== "string") return undefined;
  const again = parseToolCalls(bfclWrapped(output), { syntaxes: ["python"] });
  return again.type === "calls" && !again.inProse ? again.calls : undefined;
}

function decodeFailure(result: ParseResult): string {
  if (result.type === "format_error") return `${result.reason} (at offset ${result.offset})`;
  if (result.type === "calls") return "The calls are surrounded by other text.";
  if (result.type === "no_call") return "The output is text, not function calls.";
  return "";
}

function findDoc(tools: Toolset, name: string): FunctionDefinition {
  const tool = tools.find((candidate) => candidate.function.name === name);
  if (!tool) {
    throw new InputError(`reference function "${name}" is not in the toolset`, { field: "reference" });
  }
  return tool.function;
}

/** BFCL's simple branch: exactly one call, checked against the FIRST function doc of the entry. */
function simpleChecker(
  tools: Toolset,
  calls: ToolCall[],
  reference: ReferenceCall[],
  options: SimpleCheckOptions,
) {
  if (calls.length !== 1) {
    return {
      valid: false,
      errors: ["Wrong number of functions."],
      errorType: "simple_function_checker:wrong_count",
    };
  }
  const doc = tools[0]?.function;
  if (!doc) throw new InputError("the toolset is empty", { field: "tools" });
  return simpleFunctionChecker(doc, calls[0]!, reference[0]!, options);
}

/** BFCL's `multiple_function_checker`: as many calls as answers, but only the first is checked. */
function multipleChecker(
  tools: Toolset,
  calls: ToolCall[],
  reference: ReferenceCall[],
  options: SimpleCheckOptions,
) {
  if (calls.length !== reference.length) {
    return {
      valid: false,
      errors: ["Wrong number of functions."],
      errorType: "multiple_function_checker:wrong_count",
    };
  }
  const expected = reference[0]!;
  return simpleFunctionChecker(findDoc(tools, expected.name), calls[0]!, expected, options);
}

/**
 * BFCL's `parallel_function_checker_no_order`. The matching is GREEDY, as BFCL's: answers are taken
 * in order, and each claims the first not-yet-claimed call that passes the simple checker, with no
 * backtracking. So a call that fits two answers can be taken by the earlier one and leave a later
 * answer without a match even when a one-to-one matching exists; BFCL then says invalid, and so
 * does this.
 */
function parallelNoOrder(
  tools: Toolset,
  calls: ToolCall[],
  reference: ReferenceCall[],
  options: SimpleCheckOptions,
): CheckResult {
  if (calls.length !== reference.length) {
    return {
      valid: false,
      errors: ["Wrong number of functions."],
      errorType: "parallel_function_checker_no_order:wrong_count",
    };
  }
  const claimed = new Set<number>();
  for (const [answerIndex, expected] of reference.entries()) {
    const doc = findDoc(tools, expected.name);
    const failures: string[] = [];
    let matched = false;
    for (const [callIndex, call] of calls.entries()) {
      if (claimed.has(callIndex)) continue;
      const result = simpleFunctionChecker(doc, call, expected, options);
      if (result.valid) {
        claimed.add(callIndex);
        matched = true;
        break;
      }
      failures.push(`Model Result Index ${callIndex}: ${result.errorType}: ${result.errors.join(" ")}`);
    }
    if (!matched) {
      const unclaimed = calls.map((_, i) => i).filter((i) => !claimed.has(i));
      return {
        valid: false,
        errors: [
          `Could not find a matching function among index [${unclaimed.join(", ")}] of model output for index ${answerIndex} of possible answers.`,
          ...failures,
        ],
        errorType: "parallel_function_checker_no_order:cannot_find_match",
      };
    }
  }
  return { valid: true, errors: [] };
}
