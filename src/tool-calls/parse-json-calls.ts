import { isJsonObject } from "../json/json-value.js";
import { CallFormatError } from "./call-format-error.js";
import { describeJsonValue } from "./describe-json-value.js";
import { callFromJsonObject } from "./json-call-shape.js";
import { JsonLocations, readJson } from "./json-reader.js";
import { skipWhitespace } from "./text-space.js";
import type { ToolCall } from "./tool-call.js";

/**
 * Reads JSON tool calls starting at `start`: an object is one call, an array of objects is
 * several. Some models write one object per line (or separated by `,` or `;`) instead of an
 * array, so further objects that follow are read as more calls. Returns the calls and
 * the index after the last value; whatever follows is the caller's business. Throws
 * `CallFormatError` with an offset into `text`.
 */
export function parseJsonCalls(text: string, start: number): { calls: ToolCall[]; end: number } {
  const locations = new JsonLocations();
  const calls: ToolCall[] = [];
  let pos = skipWhitespace(text, start);
  for (;;) {
    const valueStart = pos;
    const { value, end } = readJson(text, valueStart, locations);
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
    let next = skipWhitespace(text, end);
    if (text[next] === "," || text[next] === ";") next = skipWhitespace(text, next + 1);
    if (text[next] !== "{") return { calls, end };
    pos = next;
  }
}
