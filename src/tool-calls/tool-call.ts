import type { JsonObject } from "../json/json-value.js";

/**
 * Python types that a JSON value cannot show: `5.0` is a float but reads as the JSON number 5,
 * and a tuple reads as an array. Only the Python-call parser fills this; BFCL's type checks need it.
 */
export type PythonOnlyType = "float" | "tuple";

/** One tool call, after parsing, whatever syntax the model wrote it in. */
export interface ToolCall {
  name: string;
  arguments: JsonObject;
  /**
   * JSON path (`$.a.b[0]`, relative to the arguments object) → Python type, for values whose
   * Python type differs from what their JSON form suggests. Absent when the call was not Python.
   */
  pythonTypes?: Record<string, PythonOnlyType>;
}
