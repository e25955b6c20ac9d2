export { formatPythonCalls } from "./format-python-calls.js";
export { childPath, jsonPath, rebasePaths } from "./json-path.js";
export { parseJsonWithFloats } from "./parse-json-with-floats.js";
export type { CallSyntax, ParseResult } from "./parse-result.js";
export { type ParseOptions, parseToolCalls } from "./parse-tool-calls.js";
export type { PythonOnlyType, ToolCall } from "./tool-call.js";
