import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../json/json-value.js";
import { SeededRandom } from "../../random/seeded-random.js";
import { findUnsatisfiable } from "../../tools/find-unsatisfiable.js";
import { schemaValidator } from "../../tools/schema-validator.js";
import { fuzzSchema } from "../test-support/schema-fuzzer.js";
import { argumentsForSchema } from "./argument-values.js";

const draw = (schema: JsonObject, seed: number, optionalRate = 0.5) =>
  argumentsForSchema(schema, { random: new SeededRandom(seed), memory: [], facts: {}, optionalRate });

describe("argumentsForSchema", () => {
  it("draws values that validate for at least 99.9% of 3,000 fuzzed schemas, with one try each", () => {
    const failures: string[] = [];
    const count = 3000;
    for (let seed = 0; seed < count; seed++) {
      const schema = fuzzSchema(new SeededRandom(seed));
      expect(findUnsatisfiable(schema), `fuzz seed ${seed}`).toBeUndefined();
      const validate = schemaValidator().compile(schema);
      const args = draw(schema, seed);
      if (!validate(args))
        failures.push(`seed ${seed}: ${JSON.stringify(validate.errors?.[0])} ${JSON.stringify(args)}`);
    }
    expect(failures.length / count, failures.slice(0, 5).join("\n")).toBeLessThanOrEqual(0.001);
  });

  it("respects string length, enums nested in anyOf, exclusive bounds and multipleOf", () => {
    const schema: JsonObject = {
      type: "object",
      properties: {
        code: { type: "string", minLength: 12, maxLength: 14 },
        mode: { anyOf: [{ type: "null" }, { enum: [3, 5, 7] }] },
        ratio: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1, multipleOf: 0.05 },
        step: { type: "integer", minimum: 1, maximum: 100, multipleOf: 7 },
      },
      required: ["code", "mode", "ratio", "step"],
    };
    for (let seed = 0; seed < 200; seed++) {
      const args = draw(schema, seed);
      expect([...String(args.code)].length).toBeGreaterThanOrEqual(12);
      expect([...String(args.code)].length).toBeLessThanOrEqual(14);
      expect([null, 3, 5, 7]).toContain(args.mode);
      expect(args.ratio).toBeGreaterThan(0);
      expect(args.ratio).toBeLessThan(1);
      expect(Number(args.step) % 7).toBe(0);
    }
  });

  it("follows $ref into $defs and keeps uniqueItems arrays of objects distinct", () => {
    const schema: JsonObject = {
      type: "object",
      $defs: {
        stop: {
          type: "object",
          properties: { city: { type: "string" }, nights: { type: "integer", minimum: 1, maximum: 14 } },
          required: ["city", "nights"],
          additionalProperties: false,
        },
      },
      properties: {
        stops: {
          type: "array",
          items: { $ref: "#/$defs/stop" },
          minItems: 2,
          maxItems: 4,
          uniqueItems: true,
        },
      },
      required: ["stops"],
    };
    const validate = schemaValidator().compile(schema);
    for (let seed = 0; seed < 100; seed++) {
      const args = draw(schema, seed);
      expect(validate(args)).toBe(true);
      expect((args.stops as JsonObject[]).every((stop) => typeof stop.city === "string")).toBe(true);
    }
  });
});

describe("findUnsatisfiable", () => {
  const object = (property: JsonObject, required = true): JsonObject => ({
    type: "object",
    properties: { x: property },
    ...(required ? { required: ["x"] } : {}),
  });

  it.each([
    [{ type: "string", minLength: 5, maxLength: 3 }, "maxLength", "properties.x.maxLength"],
    [{ type: "integer", minimum: 10, maximum: 2 }, "maximum", "properties.x.maximum"],
    [
      { type: "number", exclusiveMinimum: 1, exclusiveMaximum: 1 },
      "exclusiveMaximum",
      "properties.x.exclusiveMaximum",
    ],
    [{ type: "integer", minimum: 1, maximum: 9, multipleOf: 10 }, "multipleOf", "properties.x.multipleOf"],
    [
      { type: "integer", exclusiveMinimum: 1, exclusiveMaximum: 2 },
      "exclusiveMaximum",
      "properties.x.exclusiveMaximum",
    ],
    [{ type: "integer", minimum: 1.2, maximum: 1.8 }, "maximum", "properties.x.maximum"],
    [{ type: "string", enum: [1, 2] }, "enum", "properties.x.enum"],
    [{ type: "integer", const: "a" }, "const", "properties.x.const"],
    [
      { type: "array", items: { enum: ["a", "b"] }, minItems: 3, uniqueItems: true },
      "uniqueItems",
      "properties.x.uniqueItems",
    ],
    [{ type: "array", minItems: 4, maxItems: 2 }, "minItems", "properties.x.minItems"],
    [{ allOf: [{ type: "string" }, { type: "integer" }] }, "allOf", "properties.x.allOf"],
    [
      {
        anyOf: [
          { type: "string", minLength: 3, maxLength: 1 },
          { type: "integer", minimum: 3, maximum: 1 },
        ],
      },
      "anyOf",
      "properties.x.anyOf",
    ],
    [{ $ref: "#/$defs/missing" }, "$ref", "properties.x.$ref"],
    [
      { type: "object", properties: {}, required: ["a"], additionalProperties: false },
      "required",
      "properties.x.required",
    ],
  ])("names the keyword of %j", (property, keyword, path) => {
    expect(findUnsatisfiable(object(property as JsonObject))).toMatchObject({ keyword, path });
  });

  it("accepts a forbidden optional property and satisfiable refs, including recursive ones", () => {
    expect(findUnsatisfiable(object(false as never, false))).toBeUndefined();
    const tree: JsonObject = {
      type: "object",
      $defs: {
        node: {
          type: "object",
          properties: { children: { type: "array", items: { $ref: "#/$defs/node" } } },
        },
      },
      properties: { root: { $ref: "#/$defs/node" } },
      required: ["root"],
    };
    expect(findUnsatisfiable(tree)).toBeUndefined();
    expect(schemaValidator().compile(tree)(draw(tree, 1, 1))).toBe(true);
  });
});
