import { CallFormatError } from "./call-format-error.js";
import { isMessageLike, parseOpenAiMessage } from "./parse-openai-message.js";
import type { CallSyntax, ParseResult } from "./parse-result.js";
import { parseTextCalls } from "./parse-text-calls.js";

export interface ParseOptions {
  /**
   * The syntaxes that count as tool calls; default all three. An output that clearly tries a
   * syntax left out (`f(a=1)` when only "json" is accepted, `tool_calls` when "openai" is not) is
   * a `format_error` saying so; inside prose, calls in such a syntax are simply not looked for.
   */
  syntaxes?: readonly CallSyntax[];
}

// One set for every call that names no syntaxes (nearly all): nothing writes to it.
const ALL_SYNTAXES: ReadonlySet<CallSyntax> = new Set(["openai", "json", "python"]);

/**
 * The tool calls in a model's output, never by evaluating it and never by throwing.
 *
 * `output` is raw model text, or an OpenAI assistant message (`{role?, content, tool_calls}`),
 * as found in a predictions file. Anything else is a `format_error`.
 *
 * - Message `tool_calls` give `syntax: "openai"`; see `parseOpenAiMessage` for its offsets.
 * - In text: JSON objects or arrays (`{"name", "arguments"}`, `{"name", "parameters"}`,
 *   `{"function", "parameters"}`, `{"type": "function", "function": {...}}`) give "json";
 *   BFCL's Python calls (`[f(a=1), mod.g(b='x')]`, brackets optional, keyword arguments and
 *   literal values only) give "python", with integral floats and tuples noted in `pythonTypes`.
 *   Either may stand alone or sit in `<tool_call>` tags or code fences; `parseTextCalls` says how
 *   prose around them is treated, and when text is `no_call` rather than `format_error`.
 *
 * A `format_error`'s offset is a character index into the text that was parsed (the output, or
 * the message's content or arguments string).
 */
export function parseToolCalls(output: unknown, options: ParseOptions = {}): ParseResult {
  const syntaxes = options.syntaxes === undefined ? ALL_SYNTAXES : new Set(options.syntaxes);
  try {
    if (typeof output === "string") return parseTextCalls(output, syntaxes);
    if (isMessageLike(output)) return parseOpenAiMessage(output, syntaxes);
    return {
      type: "format_error",
      reason: `output must be text or an assistant message, got ${describeOutput(output)}`,
      offset: 0,
    };
  } catch (error) {
    if (error instanceof CallFormatError)
      return { type: "format_error", reason: error.reason, offset: error.offset };
    // The parsers throw nothing else by design; this keeps a bug or a hostile object (a throwing
    // getter, a proxy) from ending an evaluation run, while the reason makes it easy to spot.
    const detail = error instanceof Error ? error.message : "unknown error";
    return { type: "format_error", reason: `internal parser error: ${detail}`, offset: 0 };
  }
}

function describeOutput(output: unknown): string {
  if (output === null) return "null";
  if (Array.isArray(output)) return "an array";
  if (typeof output === "object") return "an object with no 'content', 'tool_calls' or 'role'";
  return typeof output;
}
