import type { ToolCall } from "./tool-call.js";

/** The syntax a model used for its calls. */
export type CallSyntax = "openai" | "json" | "python";

/**
 * What parsing a model output gives. Never an exception: output that tried to call a tool and
 * failed is a `format_error` with the reason and the character offset where parsing stopped.
 */
export type ParseResult =
  | {
      type: "calls";
      calls: ToolCall[];
      syntax: CallSyntax;
      /**
       * The calls were read out of other text, outside `<tool_call>` tags: prose before or after
       * them, or a code fence with a language tag. A decoder that takes the whole output as the
       * calls (BFCL's prompt-mode decoders strip only spacing and backticks) fails on it.
       */
      inProse?: true;
    }
  | { type: "no_call"; text: string }
  | { type: "format_error"; reason: string; offset: number };
