import type { JsonValue } from "../json/json-value.js";
import { childPath, type PythonOnlyType } from "../tool-calls/index.js";

/**
 * A value as BFCL's checker sees it after Python decoded it. BFCL's rules hinge on Python types
 * that JSON does not keep (`5.0` is a float and not an int, a tuple is not a list, `True` is not
 * an int), so both the model's arguments and the possible answers are lifted into this form.
 */
export type PyValue =
  | { type: "NoneType" }
  | { type: "bool"; value: boolean }
  | { type: "int"; value: number }
  | { type: "float"; value: number }
  | { type: "str"; value: string }
  | { type: "list"; items: PyValue[] }
  | { type: "tuple"; items: PyValue[] }
  | { type: "dict"; entries: Array<[string, PyValue]> };

export type PyType = PyValue["type"];

export const PY_EMPTY_STRING: PyValue = { type: "str", value: "" };

/**
 * A JSON value whose Python types `pythonTypes` records (a model's argument, `path` relative to the
 * arguments object; or an answer's accepted value, `path` relative to the list of accepted values).
 * JSON numbers are ints when integral unless marked as floats; arrays are lists unless marked as
 * tuples.
 */
export function pyFromArgument(
  value: JsonValue,
  path: string,
  pythonTypes: Record<string, PythonOnlyType> | undefined,
): PyValue {
  const marked = pythonTypes?.[path];
  if (value === null) return { type: "NoneType" };
  if (typeof value === "boolean") return { type: "bool", value };
  if (typeof value === "number") {
    return marked === "float" || !Number.isInteger(value) ? { type: "float", value } : { type: "int", value };
  }
  if (typeof value === "string") return { type: "str", value };
  if (Array.isArray(value)) {
    const items = value.map((item, i) => pyFromArgument(item, childPath(path, i), pythonTypes));
    return { type: marked === "tuple" ? "tuple" : "list", items };
  }
  return {
    type: "dict",
    entries: Object.entries(value).map(([key, item]) => [
      key,
      pyFromArgument(item, childPath(path, key), pythonTypes),
    ]),
  };
}

/**
 * A possible-answer value whose spelling is not known (it came through JSON.parse): integral numbers
 * count as floats where the schema says float (`floatHint` for the value itself, `itemFloatHint`
 * for the items of a list), as BFCL's answer files mostly write them, and as ints elsewhere.
 */
export function pyFromAnswer(value: JsonValue, floatHint = false, itemFloatHint = false): PyValue {
  if (value === null) return { type: "NoneType" };
  if (typeof value === "boolean") return { type: "bool", value };
  if (typeof value === "number") {
    return floatHint || !Number.isInteger(value) ? { type: "float", value } : { type: "int", value };
  }
  if (typeof value === "string") return { type: "str", value };
  if (Array.isArray(value))
    return { type: "list", items: value.map((item) => pyFromAnswer(item, itemFloatHint)) };
  return { type: "dict", entries: Object.entries(value).map(([key, item]) => [key, pyFromAnswer(item)]) };
}

/** A Python value back as JSON (tuples become arrays), for building messages and calls. */
export function pyToJson(value: PyValue): JsonValue {
  switch (value.type) {
    case "NoneType":
      return null;
    case "list":
    case "tuple":
      return value.items.map(pyToJson);
    case "dict":
      return Object.fromEntries(value.entries.map(([key, item]) => [key, pyToJson(item)]));
    default:
      return value.value;
  }
}

function numeric(value: PyValue): number | undefined {
  if (value.type === "bool") return value.value ? 1 : 0;
  if (value.type === "int" || value.type === "float") return value.value;
  return undefined;
}

/** Python's `==`: `1 == 1.0 == True`, a tuple never equals a list, dicts ignore key order. */
export function pyEquals(a: PyValue, b: PyValue): boolean {
  const left = numeric(a);
  if (left !== undefined) return left === numeric(b);
  switch (a.type) {
    case "NoneType":
      return b.type === "NoneType";
    case "str":
      return b.type === "str" && a.value === b.value;
    case "list":
    case "tuple":
      return (
        b.type === a.type &&
        a.items.length === b.items.length &&
        a.items.every((item, i) => pyEquals(item, b.items[i]!))
      );
    case "dict": {
      if (b.type !== "dict" || a.entries.length !== b.entries.length) return false;
      const other = new Map(b.entries);
      return a.entries.every(([key, item]) => {
        const match = other.get(key);
        return match !== undefined && pyEquals(item, match);
      });
    }
    default:
      return false;
  }
}

/** Python's `value in candidates` for a list. */
export function pyIn(value: PyValue, candidates: readonly PyValue[]): boolean {
  return candidates.some((candidate) => pyEquals(value, candidate));
}

/** Python's `key in d` / `d[key]` for a dict value. */
export function pyDictGet(dict: Extract<PyValue, { type: "dict" }>, key: string): PyValue | undefined {
  for (const [k, v] of dict.entries) if (k === key) return v;
  return undefined;
}

/** Python's `repr`, for messages that read like BFCL's. */
export function pyRepr(value: PyValue): string {
  switch (value.type) {
    case "NoneType":
      return "None";
    case "bool":
      return value.value ? "True" : "False";
    case "int":
      return String(value.value);
    case "float":
      return Number.isInteger(value.value) && Math.abs(value.value) < 1e16
        ? `${value.value}.0`
        : String(value.value);
    case "str":
      return reprString(value.value);
    case "list":
      return `[${value.items.map(pyRepr).join(", ")}]`;
    case "tuple":
      return value.items.length === 1
        ? `(${pyRepr(value.items[0]!)},)`
        : `(${value.items.map(pyRepr).join(", ")})`;
    case "dict":
      return `{${value.entries.map(([key, item]) => `${reprString(key)}: ${pyRepr(item)}`).join(", ")}}`;
  }
}

export function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text
    .replace(/\\/g, "\\\\")
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
    .replaceAll(quote, `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

/** Python's `repr` of a list of candidate values (BFCL prints its possible-answer lists). */
export function reprList(values: readonly PyValue[]): string {
  return `[${values.map(pyRepr).join(", ")}]`;
}
