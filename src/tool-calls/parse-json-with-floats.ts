import type { JsonValue } from "../json/json-value.js";
import { CallFormatError } from "./call-format-error.js";
import { integralFloatTypes, JsonLocations, readJson } from "./json-reader.js";
import { skipWhitespace } from "./text-space.js";

/**
 * A whole JSON text read as Python's `json.loads` would type its numbers: the value, and the paths
 * (`$.a[0]`, the notation of `ToolCall.pythonTypes`) of the numbers written as floats with an
 * integral value (`5.0`, `1e3`), which a JS number cannot tell from `5`. BFCL's possible-answer
 * files are read this way because BFCL's checker judges `5` and `5.0` differently inside lists.
 * (A bare number as the whole text is not marked.) Throws an Error naming the offset where the text
 * stops being JSON.
 */
export function parseJsonWithFloats(text: string): { value: JsonValue; floats: string[] } {
  const locations = new JsonLocations();
  try {
    const { value, end } = readJson(text, skipWhitespace(text, 0), locations);
    const rest = skipWhitespace(text, end);
    if (rest !== text.length) throw new CallFormatError("unexpected text after the JSON value", rest);
    // integralFloatTypes walks the values inside an object, so the value (array or object) is wrapped.
    const wrapped = { value };
    const types = integralFloatTypes(wrapped, locations) ?? {};
    const floats = Object.keys(types).map((path) => `$${path.slice("$.value".length)}`);
    return { value, floats };
  } catch (error) {
    if (error instanceof CallFormatError) throw new Error(`${error.reason} at offset ${error.offset}`);
    throw error;
  }
}
