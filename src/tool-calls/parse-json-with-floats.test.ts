import { describe, expect, it } from "vitest";
import { parseJsonWithFloats } from "./parse-json-with-floats.js";

describe("parseJsonWithFloats", () => {
  it("marks the numbers written as integral floats, as Python's json reader types them", () => {
    const { value, floats } = parseJsonWithFloats(
      '{"a": [0, 5.0, 2.5, 1e3], "b": {"c": 7.0, "d": 7}, "e": [[1.0], [1]]}',
    );
    expect(value).toEqual({ a: [0, 5, 2.5, 1000], b: { c: 7, d: 7 }, e: [[1], [1]] });
    expect(floats.sort()).toEqual(["$.a[1]", "$.a[3]", "$.b.c", "$.e[0][0]"]);
  });

  it("reads a top-level array and marks nothing where every number is an int", () => {
    expect(parseJsonWithFloats(" [1.0, 2] ").floats).toEqual(["$[0]"]);
    expect(parseJsonWithFloats('{"x": [1, 2]}').floats).toEqual([]);
  });

  it("says where the text stops being JSON", () => {
    expect(() => parseJsonWithFloats('{"a": 1} x')).toThrow(
      /unexpected text after the JSON value at offset 9/,
    );
    expect(() => parseJsonWithFloats('{"a": }')).toThrow(/offset 6/);
  });
});
