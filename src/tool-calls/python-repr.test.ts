import { describe, expect, it } from "vitest";
import { pythonFloatRepr, pythonStringRepr } from "./python-repr.js";

describe("pythonFloatRepr", () => {
  // Expected strings are Python 3's own repr() of the same doubles.
  it.each([
    [1e16, "1e+16"],
    [1e15, "1000000000000000.0"],
    [0.1, "0.1"],
    [1e-5, "1e-05"],
    [0.0001, "0.0001"],
    [123.456, "123.456"],
    [-2.5e-10, "-2.5e-10"],
    [1.7976931348623157e308, "1.7976931348623157e+308"],
    [5e-324, "5e-324"],
    [12345678901234568, "1.2345678901234568e+16"],
    [100, "100.0"],
    [-0, "-0.0"],
    [0, "0.0"],
    [1e22, "1e+22"],
    [9999999999999998, "9999999999999998.0"],
  ])("writes %d as %s", (value, repr) => {
    expect(pythonFloatRepr(value)).toBe(repr);
  });
});

describe("pythonStringRepr", () => {
  it("quotes like Python's repr", () => {
    expect(pythonStringRepr("abc")).toBe("'abc'");
    expect(pythonStringRepr("it's")).toBe(`"it's"`);
    expect(pythonStringRepr(`it's "x"`)).toBe(`'it\\'s "x"'`);
  });

  it("escapes backslashes, line breaks, control characters and lone surrogates", () => {
    expect(pythonStringRepr("a\\b\n\r\t")).toBe("'a\\\\b\\n\\r\\t'");
    expect(pythonStringRepr("\x01\x7f\x85")).toBe("'\\x01\\x7f\\x85'");
    expect(pythonStringRepr("\ud800")).toBe("'\\ud800'");
    expect(pythonStringRepr("é😀")).toBe("'é😀'");
  });
});
