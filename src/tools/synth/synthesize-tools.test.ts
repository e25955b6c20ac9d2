import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../json/json-value.js";
import { findUnsatisfiable } from "../find-unsatisfiable.js";
import { validateToolset } from "../validate-toolset.js";
import { synthesizeTools } from "./synthesize-tools.js";

describe("synthesizeTools", () => {
  const tools = synthesizeTools({ count: 2000, seed: 3 });

  it("makes exactly COUNT valid, satisfiable tools with distinct names, the same for the same seed", () => {
    expect(tools).toHaveLength(2000);
    expect(new Set(tools.map((tool) => tool.function.name)).size).toBe(2000);
    expect(() => validateToolset(tools)).not.toThrow();
    for (const tool of tools)
      expect(findUnsatisfiable(tool.function.parameters as JsonObject)).toBeUndefined();
    expect(synthesizeTools({ count: 2000, seed: 3 })).toEqual(tools);
    expect(synthesizeTools({ count: 50, seed: 4 })).not.toEqual(tools.slice(0, 50));
  });

  it("uses parameters of every kind, with descriptions, and several naming styles", () => {
    const schemas = tools.flatMap((tool) =>
      Object.values(tool.function.parameters.properties as JsonObject),
    ) as JsonObject[];
    expect(schemas.every((schema) => typeof schema.description === "string")).toBe(true);
    const has = (test: (schema: JsonObject) => boolean) => schemas.some(test);
    for (const format of ["date", "date-time", "time", "email", "uri", "uuid", "ipv4"])
      expect(
        has((schema) => schema.format === format),
        format,
      ).toBe(true);
    expect(has((schema) => Array.isArray(schema.enum) && typeof schema.enum[0] === "number")).toBe(true);
    expect(has((schema) => Array.isArray(schema.anyOf))).toBe(true);
    expect(has((schema) => schema.type === "object")).toBe(true);
    expect(has((schema) => schema.type === "array" && (schema.items as JsonObject).type === "object")).toBe(
      true,
    );
    expect(has((schema) => typeof schema.multipleOf === "number")).toBe(true);
    expect(
      has((schema) => / in (kilometres|kilograms|minutes)|Unit: /.test(String(schema.description))),
    ).toBe(true);
    const optional = tools.filter((tool) => {
      const { properties, required } = tool.function.parameters as { properties: object; required: string[] };
      return Object.keys(properties).length > required.length;
    });
    expect(optional.length).toBeGreaterThan(tools.length / 3);
    const names = tools.map((tool) => tool.function.name);
    expect(names.some((name) => /^[a-z]+\.[a-z_]+$/.test(name))).toBe(true);
    expect(names.some((name) => /^[a-z]+[A-Z]/.test(name))).toBe(true);
    expect(names.some((name) => /^[a-z]+-[a-z-]+$/.test(name))).toBe(true);
    expect(new Set(names.map((name) => name.split(/[._-]|(?=[A-Z])/).pop())).size).toBeGreaterThan(100);
  });

  it("never produces an excluded name, bare or behind a provider prefix", () => {
    const exclude = ["search_hotels", "book_flight", "get_product_details"];
    const kept = synthesizeTools({ count: 2000, seed: 3, exclude });
    expect(kept).toHaveLength(2000);
    const bases = kept.map((tool) => tool.function.name.split(".").pop());
    for (const name of exclude) {
      expect(tools.some((tool) => tool.function.name.split(".").pop() === name)).toBe(true);
      expect(bases).not.toContain(name);
    }
  });
});
