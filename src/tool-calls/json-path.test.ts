import { describe, expect, it } from "vitest";
import { childPath, jsonPath, rebasePaths } from "./json-path.js";

describe("jsonPath", () => {
  it("writes identifier keys with dots and indices in brackets", () => {
    expect(jsonPath(["a", "b", 0])).toBe("$.a.b[0]");
    expect(jsonPath([])).toBe("$");
  });

  it("writes other keys as JSON strings in brackets", () => {
    expect(jsonPath(["my key", 2, "x"])).toBe('$["my key"][2].x');
    expect(childPath("$", 'say "hi"')).toBe('$["say \\"hi\\""]');
    expect(childPath("$", "1abc")).toBe('$["1abc"]');
    expect(childPath("$", "")).toBe('$[""]');
  });
});

describe("rebasePaths", () => {
  it("moves the paths at or under a prefix and drops the rest", () => {
    const paths = ["$[0].f.x[1]", "$[0].f.x[1][2]", "$[0].f.x[10]", "$[0].f.xy", "$[1].f.x[1]"];
    expect(rebasePaths(paths, "$[0].f.x[1]", "$[0]")).toEqual(["$[0]", "$[0][2]"]);
    expect(rebasePaths(paths, "$[0].f", "$")).toEqual(["$.x[1]", "$.x[1][2]", "$.x[10]", "$.xy"]);
  });
});
