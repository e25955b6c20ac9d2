import type { JsonObject, JsonValue } from "../json/json-value.js";
import { childPath } from "./json-path.js";
import { pythonFloatRepr, pythonStringRepr } from "./python-repr.js";
import { setOwn } from "./set-own.js";
import type { PythonOnlyType } from "./tool-call.js";

/**
 * A Python literal as written, before it becomes JSON: kept apart from `JsonValue` because ints
 * and floats, and tuples and lists, are different things in Python and the difference has to be
 * recorded in `pythonTypes` on the way to JSON.
 */
export type PythonValue =
  | { kind: "str"; value: string }
  | { kind: "int"; value: bigint }
  | { kind: "float"; value: number }
  | { kind: "bool"; value: boolean }
  | { kind: "none" }
  | { kind: "list"; items: PythonValue[] }
  | { kind: "tuple"; items: PythonValue[] }
  | { kind: "dict"; entries: Array<[PythonValue, PythonValue]> };

/**
 * The JSON form of a Python literal, recording in `types` what JSON cannot show: integral floats
 * (`5.0` becomes 5) and tuples (which become arrays), at the value's path `childPath(parent, step)`
 * (built only when needed, since most values are plain scalars). Dict keys become strings by
 * `pythonKeyString`; when two keys give the same string the later value wins at the position of
 * the first, as Python's own dicts do with repeated keys.
 */
export function pythonValueToJson(
  value: PythonValue,
  parent: string,
  step: string | number,
  types: Record<string, PythonOnlyType>,
): JsonValue {
  switch (value.kind) {
    case "str":
    case "bool":
      return value.value;
    case "none":
      return null;
    case "int":
      return Number(value.value);
    case "float":
      if (Number.isInteger(value.value)) types[childPath(parent, step)] = "float";
      return value.value;
    case "list":
    case "tuple": {
      const path = childPath(parent, step);
      if (value.kind === "tuple") types[path] = "tuple";
      return value.items.map((item, index) => pythonValueToJson(item, path, index, types));
    }
    case "dict":
      return dictToJson(value.entries, childPath(parent, step), types);
  }
}

function dictToJson(
  entries: Array<[PythonValue, PythonValue]>,
  path: string,
  types: Record<string, PythonOnlyType>,
): JsonObject {
  const keys = entries.map(([key]) => pythonKeyString(key));
  const last = new Map<string, number>();
  for (const [index, key] of keys.entries()) last.set(key, index);
  const object: JsonObject = {};
  for (const key of new Set(keys)) {
    const entry = entries[last.get(key) ?? 0];
    if (entry === undefined) continue;
    setOwn(object, key, pythonValueToJson(entry[1], path, key, types));
  }
  return object;
}

/**
 * The JSON object key for a Python dict key: a string stays itself; anything else becomes its
 * Python `repr` (`1` → "1", `2.0` → "2.0", `True` → "True", `None` → "None", `(1, 'a')` →
 * "(1, 'a')"). This differs from `json.dumps`, which writes "true"/"null" and rejects tuples, but
 * keeps keys that differ in Python apart.
 */
export function pythonKeyString(key: PythonValue): string {
  return key.kind === "str" ? key.value : pythonRepr(key);
}

function pythonRepr(value: PythonValue): string {
  switch (value.kind) {
    case "str":
      return pythonStringRepr(value.value);
    case "int":
      return value.value.toString();
    case "float":
      return pythonFloatRepr(value.value);
    case "bool":
      return value.value ? "True" : "False";
    case "none":
      return "None";
    case "tuple":
      return value.items.length === 1
        ? `(${pythonRepr(value.items[0]!)},)`
        : `(${value.items.map(pythonRepr).join(", ")})`;
    case "list":
      return `[${value.items.map(pythonRepr).join(", ")}]`;
    case "dict":
      return `{${value.entries.map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(", ")}}`;
  }
}

/** Whether Python accepts the value as a dict key: lists and dicts, even inside tuples, are not. */
export function isHashable(value: PythonValue): boolean {
  if (value.kind === "list" || value.kind === "dict") return false;
  return value.kind !== "tuple" || value.items.every(isHashable);
}
