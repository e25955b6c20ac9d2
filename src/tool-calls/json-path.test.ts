import { describe, expect, it } from "vitest";
import { childPath, jsonPath } from "./json-path.js";

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
