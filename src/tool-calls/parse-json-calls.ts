import type { JsonValue } from "../json/json-value.js";
import { isJsonObject } from "../json/json-value.js";
import { CallFormatError } from "./call-format-error.js";
import { describeJsonValue } from "./describe-json-value.js";
import { callFromJsonObject } from "./json-call-shape.js";
import { parseJsonFast } from "./json-fast-path.js";
import { JsonLocations, readJson } from "./json-reader.js";
import { isWhitespace, skipWhitespace } from "./text-space.js";
import type { ToolCall } from "./tool-call.js";

/**
 * Reads JSON tool calls starting at `start`: an object is one call, an array of objects is
 * several. Some models write one object per line (or separated by `,` or `;`) instead of an
 * array, so further objects that follow are read as more calls. Returns the calls and
 * the index after the last value; whatever follows is the caller's business. Throws
 * `CallFormatError` with an offset into `text`.
 */
export function parseJsonCalls(text: string, start: number): { calls: ToolCall[]; end: number } {
  const first = skipWhitespace(text, start);
  return readWholeRestFast(text, first) ?? readCalls(text, first);
}

/**
 * The common case, on the fast path: the rest of the text is one JSON value, well-formed calls.
 * Undefined for anything else, even a call-shape error, since only `readCalls` knows the offset
 * where each value was written.
 */
function readWholeRestFast(text: string, start: number): { calls: ToolCall[]; end: number } | undefined {
  let end = text.length;
  while (end > start && isWhitespace(text[end - 1])) end--;
  // Text after the value (prose, or more objects) cannot end in a bracket closing the value.
  const last = text[end - 1];
  if (last !== "}" && last !== "]") return undefined;
  const value = parseJsonFast(start === 0 && end === text.length ? text : text.slice(start, end));
  if (value === undefined) return undefined;
  try {
    // Nothing recorded: offsets are needed only by errors, which this path leaves to `readCalls`.
    return { calls: callsFromValue(value, start, new JsonLocations(), []), end };
  } catch (error) {
    if (error instanceof CallFormatError) return undefined;
    throw error;
  }
}

function readCalls(text: string, start: number): { calls: ToolCall[]; end: number } {
  const locations = new JsonLocations();
  const calls: ToolCall[] = [];
  let pos = start;
  for (;;) {
    const { value, end } = readJson(text, pos, locations);
    callsFromValue(value, pos, locations, calls);
    let next = skipWhitespace(text, end);
    if (text[next] === "," || text[next] === ";") next = skipWhitespace(text, next + 1);
    if (text[next] !== "{") return { calls, end };
    pos = next;
  }
}

/** Adds the calls that a value read at `valueStart` holds to `calls`, and returns them. */
function callsFromValue(
  value: JsonValue,
  valueStart: number,
  locations: JsonLocations,
  calls: ToolCall[],
): ToolCall[] {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const at = locations.offsetOf(value, index, valueStart);
      if (!isJsonObject(item)) {
        throw new CallFormatError(`expected a function-call object, got ${describeJsonValue(item)}`, at);
      }
      calls.push(callFromJsonObject(item, at, locations));
    });
  } else if (isJsonObject(value)) {
    calls.push(callFromJsonObject(value, valueStart, locations));
  } else {
    throw new CallFormatError(
      `expected a function-call object or array, got ${describeJsonValue(value)}`,
      valueStart,
    );
  }
  return calls;
}
