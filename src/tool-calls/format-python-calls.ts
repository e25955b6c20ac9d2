import { isJsonObject, type JsonValue } from "../json/json-value.js";
import { isDottedName } from "./identifier.js";
import { childPath } from "./json-path.js";
import { pythonFloatRepr, pythonStringRepr } from "./python-repr.js";
import type { PythonOnlyType, ToolCall } from "./tool-call.js";

/**
 * Calls in BFCL's Python syntax, `[f(a=1, b='x'), g(c=(1.0, 2))]`, such that `parseToolCalls`
 * reads back the same calls, `pythonTypes` included: numbers marked "float" are written as floats
 * (`5.0`) and arrays marked "tuple" in parentheses. Throws an Error for a call that this syntax
 * cannot express: a name that is not a (dotted) Python name, an argument name that is not a
 * Python name, or a non-finite number. An empty list gives `[]`, which reads back as `no_call`.
 */
export function formatPythonCalls(calls: readonly ToolCall[]): string {
  return `[${calls.map(formatCall).join(", ")}]`;
}

function formatCall(call: ToolCall): string {
  if (!isDottedName(call.name))
    throw new Error(`cannot write ${JSON.stringify(call.name)} as a Python function name`);
  const types = call.pythonTypes ?? {};
  const args = Object.entries(call.arguments).map(([key, value]) => {
    if (!isDottedName(key) || key.includes(".")) {
      throw new Error(`cannot write ${JSON.stringify(key)} as a Python keyword argument`);
    }
    return `${key}=${formatValue(value, childPath("$", key), types)}`;
  });
  return `${call.name}(${args.join(", ")})`;
}

function formatValue(value: JsonValue, path: string, types: Record<string, PythonOnlyType>): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return pythonStringRepr(value);
  if (typeof value === "number") return formatNumber(value, types[path] === "float");
  if (Array.isArray(value)) {
    const items = value.map((item, index) => formatValue(item, childPath(path, index), types));
    if (types[path] !== "tuple") return `[${items.join(", ")}]`;
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
  }
  if (!isJsonObject(value)) throw new Error(`cannot write ${typeof value} as a Python literal`);
  const entries = Object.entries(value).map(
    ([key, item]) => `${pythonStringRepr(key)}: ${formatValue(item, childPath(path, key), types)}`,
  );
  return `{${entries.join(", ")}}`;
}

function formatNumber(value: number, isFloat: boolean): string {
  if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a Python literal`);
  if (isFloat || !Number.isInteger(value)) return pythonFloatRepr(value);
  // Past 1e21 JavaScript writes integers with an exponent, which Python would read as a float.
  return Math.abs(value) < 1e21 ? String(value === 0 ? 0 : value) : BigInt(value).toString();
}
