import { CallFormatError } from "./call-format-error.js";
import { nameEnd } from "./identifier.js";
import { parseJsonCalls } from "./parse-json-calls.js";
import { parsePythonCalls } from "./parse-python-calls.js";
import type { CallSyntax } from "./parse-result.js";
import { skipWhitespace } from "./text-space.js";
import type { ToolCall } from "./tool-call.js";

export interface CallsRead {
  calls: ToolCall[];
  syntax: "json" | "python";
  /** Index just after the last call. */
  end: number;
}

const SYNTAX_NAMES = { json: "JSON", python: "Python" } as const;

/**
 * Reads the calls that start at `start` (after spacing), choosing the syntax from the first
 * characters: `{` is JSON; `[` is Python when a name follows it (`[f(`), JSON otherwise; a name is
 * a Python call. Throws `CallFormatError`, also when the syntax found is not in `syntaxes`.
 */
export function readCallsAt(text: string, start: number, syntaxes: ReadonlySet<CallSyntax>): CallsRead {
  const first = skipWhitespace(text, start);
  const syntax = syntaxAt(text, first, syntaxes);
  if (!syntaxes.has(syntax)) {
    throw new CallFormatError(
      `${SYNTAX_NAMES[syntax]} tool calls are not accepted here (options.syntaxes)`,
      first,
    );
  }
  const { calls, end } = syntax === "json" ? parseJsonCalls(text, first) : parsePythonCalls(text, first);
  return { calls, syntax, end };
}

function syntaxAt(text: string, pos: number, syntaxes: ReadonlySet<CallSyntax>): "json" | "python" {
  const char = text[pos];
  if (char === "{") return "json";
  if (char === "[") {
    const inside = skipWhitespace(text, pos + 1);
    if (nameEnd(text, inside) > inside) return "python";
    // `[]` is valid in both; let it be whichever is accepted.
    return text[inside] === "]" && !syntaxes.has("json") ? "python" : "json";
  }
  if (nameEnd(text, pos) > pos) return "python";
  throw new CallFormatError("expected a tool call", pos);
}
