import { CallFormatError } from "./call-format-error.js";
import { type CallBlock, findCallBlocks, looksLikeCalls } from "./find-call-blocks.js";
import { startsWithCall } from "./identifier.js";
import type { CallSyntax, ParseResult } from "./parse-result.js";
import { readCallsAt } from "./read-calls-at.js";
import { isWhitespace, skipWhitespace } from "./text-space.js";
import type { ToolCall } from "./tool-call.js";

type Found = { calls: ToolCall[]; syntax: "json" | "python"; inProse?: boolean };

/**
 * Calls in raw model text. The rules, in order:
 *
 * 1. Text that is empty or only spacing is `no_call`.
 * 2. Text that starts like a call (`[`, `{`, or `name(` / `a.b(`) is an attempt: it must parse as
 *    calls, optionally followed by text that is separated from them by spacing (or by one
 *    punctuation mark and spacing: "[f(a=1)]. Done."). Otherwise it is a `format_error` — unless
 *    rule 3 finds calls.
 * 3. `<tool_call>` tags (or, if there are none, code fences marked json/python/tool_code, or
 *    unmarked fences whose body starts like a call) each hold calls and nothing else; prose
 *    around them is ignored, and the calls of all blocks are returned in order.
 * 4. Otherwise the text is prose, and a call inside it counts only in the same form as rule 2, at
 *    a `[` or `{` that does not sit inside a bracket or after a key (`"key": {`), or at the start
 *    of a line (`Sure!\nf(a=1)`). The first that parses wins ("Sure! [f(a=1)]" is a call); if
 *    none does, the text is `no_call`: prose that merely contains brackets or parentheses
 *    ("I can't help with that (sorry).") is not a failed call.
 *
 * Parsed calls that number zero (`[]`) are `no_call`. Offsets are indices into `text`. Calls found
 * by rule 4, or by rules 2 and 3 with more than spacing and backticks around them (outside
 * `<tool_call>` tags), are marked `inProse`.
 */
export function parseTextCalls(text: string, syntaxes: ReadonlySet<CallSyntax>): ParseResult {
  const first = skipWhitespace(text, 0);
  if (first === text.length) return { type: "no_call", text };
  let failure: CallFormatError | undefined;
  if (looksLikeCalls(text, first)) {
    const direct = attempt(() => readInProse(text, first, syntaxes));
    if (direct.ok) return toResult(direct.found, text);
    failure = direct.error;
  }
  const blocks = findCallBlocks(text);
  if (blocks.length > 0) {
    const wrapped = attempt(() => readBlocks(text, blocks, syntaxes));
    if (wrapped.ok) return toResult(wrapped.found, text);
    failure ??= wrapped.error;
  }
  if (failure !== undefined) return { type: "format_error", reason: failure.reason, offset: failure.offset };
  for (const candidate of proseCandidates(text)) {
    const found = attempt(() => readInProse(text, candidate, syntaxes));
    if (found.ok && found.found.calls.length > 0) return toResult(found.found, text);
  }
  return { type: "no_call", text };
}

function toResult(found: Found, text: string): ParseResult {
  if (found.calls.length === 0) return { type: "no_call", text };
  const result: ParseResult = { type: "calls", calls: found.calls, syntax: found.syntax };
  return found.inProse ? { ...result, inProse: true } : result;
}

/** Whether text other than spacing and backticks lies outside `[start, end)`. */
function textAround(text: string, start: number, end: number): boolean {
  return /[^`\s]/.test(text.slice(0, start)) || /[^`\s]/.test(text.slice(end));
}

type Attempt = { ok: true; found: Found } | { ok: false; error: CallFormatError };

function attempt(read: () => Found): Attempt {
  try {
    return { ok: true, found: read() };
  } catch (error) {
    if (error instanceof CallFormatError) return { ok: false, error };
    throw error;
  }
}

/** Calls at `start`, then either the end or a clear break before any trailing prose. */
function readInProse(text: string, start: number, syntaxes: ReadonlySet<CallSyntax>): Found {
  const read = readCallsAt(text, start, syntaxes);
  const next = text[read.end];
  const clearBreak =
    next === undefined ||
    isWhitespace(next) ||
    (/[.,;:!?]/.test(next) && (read.end + 1 === text.length || isWhitespace(text[read.end + 1])));
  if (!clearBreak) throw new CallFormatError("unexpected text after the calls", read.end);
  return { calls: read.calls, syntax: read.syntax, inProse: textAround(text, start, read.end) };
}

function readBlocks(text: string, blocks: CallBlock[], syntaxes: ReadonlySet<CallSyntax>): Found {
  const calls: ToolCall[] = [];
  let syntax: Found["syntax"] | undefined;
  for (const block of blocks) {
    // Cutting the text at the block's end keeps the parsers inside it while offsets stay global.
    const view = text.slice(0, block.end);
    if (skipWhitespace(view, block.start) === view.length) {
      throw new CallFormatError(`empty ${block.wrapper}`, block.start);
    }
    const read = readCallsAt(view, block.start, syntaxes);
    const rest = skipWhitespace(view, read.end);
    if (rest !== view.length)
      throw new CallFormatError(`unexpected text after the calls in a ${block.wrapper}`, rest);
    if (read.calls.length > 0) syntax ??= read.syntax;
    calls.push(...read.calls);
  }
  // Prose around <tool_call> tags is how tag-writing models talk; around one code fence, only the
  // fence's own backticks count as nothing (a language tag does not).
  const inProse =
    blocks[0]!.wrapper === "code fence" &&
    (blocks.length > 1 || textAround(text, blocks[0]!.start, blocks[0]!.end));
  return { calls, syntax: syntax ?? "json", inProse };
}

/** Where a call may start inside prose, in text order (see rule 4 of `parseTextCalls`). */
function* proseCandidates(text: string): Generator<number> {
  for (let pos = 0; pos < text.length; pos++) {
    const char = text[pos];
    if ((char === "[" || char === "{") && opensInProse(text, pos)) yield pos;
    if (pos === 0 || text[pos - 1] === "\n") {
      let lineStart = pos;
      while (text[lineStart] === " " || text[lineStart] === "\t") lineStart++;
      if (startsWithCall(text, lineStart)) yield lineStart;
    }
  }
}

/**
 * Whether the bracket at `pos` follows prose rather than sitting inside a structure: a `{` after
 * `[`, `,` or `"key":` is an element of something larger, and taking it alone would turn a cut-off
 * list of calls into a shorter list that seems whole.
 */
function opensInProse(text: string, pos: number): boolean {
  const before = previousNonSpace(text, pos);
  if (before === -1) return true;
  const char = text[before] ?? "";
  if ("[{(,=".includes(char)) return false;
  if (char !== ":") return true;
  const keyEnd = text[previousNonSpace(text, before)];
  return keyEnd !== '"' && keyEnd !== "'";
}

function previousNonSpace(text: string, pos: number): number {
  let index = pos - 1;
  while (index >= 0 && isWhitespace(text[index])) index--;
  return index;
}
