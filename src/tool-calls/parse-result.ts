import type { ToolCall } from "./tool-call.js";

/** The syntax a model used for its calls. */
export type CallSyntax = "openai" | "json" | "python";

/**
 * What parsing a model output gives. Never an exception: output that tried to call a tool and
 * failed is a `format_error` with the reason and the character offset where parsing stopped.
 */
export type ParseResult =
  | { type: "calls"; calls: ToolCall[]; syntax: CallSyntax }
  | { type: "no_call"; text: string }
  | { type: "format_error"; reason: string; offset: number };
