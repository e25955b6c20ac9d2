import type { JsonObject } from "../json/json-value.js";
import { CallFormatError, expectedError } from "./call-format-error.js";
import { dottedNameEnd, startsWithCall } from "./identifier.js";
import { PythonLiteralParser } from "./python-literal-parser.js";
import { pythonValueToJson } from "./python-value.js";
import { setOwn } from "./set-own.js";
import type { PythonOnlyType, ToolCall } from "./tool-call.js";

/**
 * Reads calls in BFCL's Python syntax starting at `start`: `[f(a=1), g(b='x')]`, or the same
 * without brackets — calls separated by commas, semicolons or line breaks (`f(a=1), g(b=2)`).
 * Names may be dotted (`math.factorial`). Arguments must be keyword arguments with literal values.
 * Returns the calls and the index where they end; whatever follows is the caller's business.
 * Throws `CallFormatError` with an offset into `text`.
 */
export function parsePythonCalls(text: string, start: number): { calls: ToolCall[]; end: number } {
  const parser = new PythonLiteralParser(text, start);
  parser.skipSpace();
  const calls: ToolCall[] = [];
  if (parser.peek() === "[") {
    parser.pos++;
    for (;;) {
      parser.skipSpace();
      if (parser.peek() === "]") return { calls, end: parser.pos + 1 };
      calls.push(parseCall(parser));
      parser.skipSpace();
      if (parser.peek() === ",") parser.pos++;
      else if (parser.peek() !== "]") throw expectedError("',' or ']'", text, parser.pos);
    }
  }
  calls.push(parseCall(parser));
  for (;;) {
    const afterCall = parser.pos;
    const newline = parser.skipSpace();
    const separator = parser.peek();
    if (separator === "," || separator === ";") {
      parser.pos++;
      const afterSeparator = parser.pos;
      parser.skipSpace();
      // A trailing comma is still valid Python (`f(a=1),` is a tuple); stop if nothing follows.
      if (parser.atEnd()) return { calls, end: afterSeparator };
    } else if (!newline || !startsWithCall(text, parser.pos)) {
      return { calls, end: afterCall };
    }
    calls.push(parseCall(parser));
  }
}

function parseCall(parser: PythonLiteralParser): ToolCall {
  const { text } = parser;
  const nameStart = parser.pos;
  const nameEnd = dottedNameEnd(text, nameStart);
  if (nameEnd === nameStart) throw expectedError("a function call", text, nameStart);
  const name = text.slice(nameStart, nameEnd);
  parser.pos = nameEnd;
  parser.skipSpace();
  if (parser.peek() !== "(") throw expectedError("'(' after the function name", text, parser.pos);
  parser.pos++;
  const args: JsonObject = {};
  const types: Record<string, PythonOnlyType> = {};
  // An array rather than a Set: calls have a handful of arguments.
  const seen: string[] = [];
  for (;;) {
    parser.skipSpace();
    if (parser.peek() === ")") {
      parser.pos++;
      break;
    }
    const key = readKeyword(parser);
    if (seen.includes(key.name)) {
      throw new CallFormatError(`repeated keyword argument '${key.name}'`, key.offset);
    }
    seen.push(key.name);
    setOwn(args, key.name, pythonValueToJson(parser.parseValue(1), "$", key.name, types));
    parser.skipSpace();
    if (parser.peek() === ",") parser.pos++;
    else if (parser.peek() !== ")") throw expectedError("',' or ')'", text, parser.pos);
  }
  return Object.keys(types).length > 0
    ? { name, arguments: args, pythonTypes: types }
    : { name, arguments: args };
}

/**
 * `name=`; anything else in an argument list is positional or an unpacking, neither of which maps
 * to a JSON arguments object. Python keywords are accepted as names (`from='NYC'`), because tool
 * parameters are often called that and a model has no other way to write them in this syntax.
 */
function readKeyword(parser: PythonLiteralParser): { name: string; offset: number } {
  const offset = parser.pos;
  if (parser.peek() === "*") {
    throw new CallFormatError("argument unpacking (*args, **kwargs) is not supported", offset);
  }
  const name = parser.readName();
  if (name !== undefined) {
    parser.skipSpace();
    if (parser.peek() === "=" && parser.peek(1) !== "=") {
      parser.pos++;
      return { name, offset };
    }
  }
  throw new CallFormatError(
    "positional arguments are not supported: calls need named arguments (name=value)",
    offset,
  );
}
