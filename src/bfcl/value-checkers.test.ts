import { describe, expect, it } from "vitest";
import {
  PY_EMPTY_STRING,
  type PyValue,
  pyEquals,
  pyFromAnswer,
  pyFromArgument,
  pyRepr,
} from "./python-value.js";
import { typeChecker } from "./type-checker.js";
import {
  dictChecker,
  listChecker,
  listDictChecker,
  standardizeString,
  stringChecker,
} from "./value-checkers.js";

const py = (value: Parameters<typeof pyFromAnswer>[0]): PyValue => pyFromAnswer(value);

describe("standardizeString", () => {
  it("drops spaces and ,./-_*^, lower-cases, and reads ' as \"", () => {
    expect(standardizeString("New York, NY")).toBe("newyorkny");
    expect(standardizeString("Jan.1,2022")).toBe("jan12022");
    expect(standardizeString("x^2 * y_1 - z/2")).toBe("x2y1z2");
    expect(standardizeString("data['sales']")).toBe('data["sales"]');
    expect(standardizeString("a\tb")).toBe("a\tb");
  });
});

describe("Python values", () => {
  it("compares as Python's == does", () => {
    expect(pyEquals({ type: "int", value: 1 }, { type: "float", value: 1 })).toBe(true);
    expect(pyEquals({ type: "bool", value: true }, { type: "int", value: 1 })).toBe(true);
    expect(pyEquals(py([1, 2]), { type: "tuple", items: [py(1), py(2)] })).toBe(false);
    expect(pyEquals(py({ a: 1, b: [2] }), py({ b: [2], a: 1 }))).toBe(true);
    expect(pyEquals(py(null), py(""))).toBe(false);
  });

  it("reads float and tuple marks from pythonTypes", () => {
    const value = pyFromArgument([5, [1, 2]], "$.x", { "$.x[0]": "float", "$.x[1]": "tuple" });
    expect(pyRepr(value)).toBe("[5.0, (1, 2)]");
  });

  it("writes values as Python's repr does", () => {
    expect(pyRepr(py({ name: "it's", n: null, ok: false, xs: [1.5] }))).toBe(
      `{'name': "it's", 'n': None, 'ok': False, 'xs': [1.5]}`,
    );
  });
});

describe("BFCL value checkers", () => {
  it("string_checker ignores non-string answers and accepts the optional marker", () => {
    expect(stringChecker("p", "N.Y.", [py("ny"), py(5)]).valid).toBe(true);
    expect(stringChecker("p", " ", [py("x"), PY_EMPTY_STRING]).valid).toBe(true);
    expect(stringChecker("p", "x y", [py("xz")]).errorType).toBe("value_error:string");
  });

  it("list_checker normalises top-level strings only and reads the optional marker as []", () => {
    expect(listChecker("p", py(["New York", "LA"]), [py(["newyork", "la"])]).valid).toBe(true);
    expect(listChecker("p", py([["New York"]]), [py([["newyork"]])]).valid).toBe(false);
    expect(listChecker("p", py([]), [py([1]), PY_EMPTY_STRING]).valid).toBe(true);
  });

  it("dict_checker reports a missing key after a wrong value, as BFCL does", () => {
    const result = dictChecker("p", py({ a: 2 }), [py({ a: [1], b: [3] })]);
    expect(result.errorType).toBe("value_error:dict_key");
    expect(result.errors).toEqual([
      "Invalid value for parameter 'a': 2. Expected one of [1].",
      "Missing dict key parameter: 'b'.",
    ]);
    expect(dictChecker("p", py({ a: 1 }), [py({ a: [1], b: [3, ""] })]).valid).toBe(true);
  });

  it("list_dict_checker checks lengths, then dicts in order", () => {
    const patterns = py([[{ k: ["x"] }, { k: ["y"] }]]);
    const possible = (patterns as Extract<PyValue, { type: "list" }>).items;
    expect(listDictChecker("p", py([{ k: "X" }, { k: "y" }]), possible).valid).toBe(true);
    expect(listDictChecker("p", py([{ k: "y" }, { k: "x" }]), possible).errorType).toBe(
      "value_error:dict_value",
    );
    expect(listDictChecker("p", py([{ k: "x" }]), possible).errorType).toBe("value_error:list_dict_count");
  });

  it("type_checker lets any items pass when the answers include a non-list (the optional marker)", () => {
    const strict = typeChecker("p", py(["a"]), [py([1])], "array", "list", "int");
    expect(strict.errorType).toBe("type_error:nested");
    expect(typeChecker("p", py(["a"]), [py([1]), PY_EMPTY_STRING], "array", "list", "int").valid).toBe(true);
  });
});
