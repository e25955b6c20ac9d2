import { startsWithCall } from "./identifier.js";
import { skipWhitespace } from "./text-space.js";

/** A stretch of the output that should hold calls and nothing else, and what wrapped it. */
export interface CallBlock {
  start: number;
  end: number;
  wrapper: "<tool_call> tag" | "code fence";
}

const OPEN_TAG = "<tool_call>";
const CLOSE_TAG = "</tool_call>";
const FENCE = "```";
/** Fence languages that announce calls; a fence with no language counts when its body looks like one. */
const CALL_LANGUAGES = new Set(["json", "python", "py", "python3", "tool_code", "tool_call"]);

/**
 * The bodies of `<tool_call>` tags when the output has any, otherwise those of code fences that
 * hold calls; empty when it has neither. A tag or fence left open (a generation cut short, or a
 * template that drops the closing tag) runs to the next opening tag or to the end of the text.
 */
export function findCallBlocks(text: string): CallBlock[] {
  const tags = findTags(text);
  return tags.length > 0 ? tags : findFences(text);
}

function findTags(text: string): CallBlock[] {
  const blocks: CallBlock[] = [];
  let open = text.indexOf(OPEN_TAG);
  while (open !== -1) {
    const start = open + OPEN_TAG.length;
    const close = text.indexOf(CLOSE_TAG, start);
    const nextOpen = text.indexOf(OPEN_TAG, start);
    const end = Math.min(close === -1 ? text.length : close, nextOpen === -1 ? text.length : nextOpen);
    blocks.push({ start, end, wrapper: "<tool_call> tag" });
    open = nextOpen;
  }
  return blocks;
}

function findFences(text: string): CallBlock[] {
  const blocks: CallBlock[] = [];
  let open = text.indexOf(FENCE);
  while (open !== -1) {
    const afterFence = open + FENCE.length;
    const lineEnd = text.indexOf("\n", afterFence);
    const info = text.slice(afterFence, lineEnd === -1 ? text.length : lineEnd).trim();
    // "```[f(a=1)]```" has no language line: the body starts right after the backticks.
    const hasLanguageLine =
      lineEnd !== -1 && /^[\w+.-]*$/.test(info) && !text.slice(afterFence, lineEnd).includes(FENCE);
    const start = hasLanguageLine ? lineEnd + 1 : afterFence;
    const language = hasLanguageLine ? info.toLowerCase() : "";
    const close = text.indexOf(FENCE, start);
    const end = close === -1 ? text.length : close;
    if (CALL_LANGUAGES.has(language) || (language === "" && looksLikeCalls(text, start))) {
      blocks.push({ start, end, wrapper: "code fence" });
    }
    open = close === -1 ? -1 : text.indexOf(FENCE, close + FENCE.length);
  }
  return blocks;
}

/** Whether a call in either syntax seems to start at `pos` (after spacing). */
export function looksLikeCalls(text: string, pos: number): boolean {
  const first = skipWhitespace(text, pos);
  const char = text[first];
  return char === "[" || char === "{" || startsWithCall(text, first);
}
