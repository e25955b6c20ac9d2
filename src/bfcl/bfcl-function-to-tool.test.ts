import { describe, expect, it } from "vitest";
import { InputError } from "../errors/input-error.js";
import { validateToolset } from "../tools/index.js";
import { bfclFunctionsToToolset, bfclFunctionToTool } from "./bfcl-function-to-tool.js";
import { bfclTypeOf } from "./bfcl-type.js";

const doc = {
  name: "geo.route",
  description: "Plan a route.",
  parameters: {
    type: "dict",
    properties: {
      start: { type: "tuple", items: { type: "float" }, description: "Start (lat, lon)." },
      speed: { type: "float", default: 1.5, optional: true },
      stops: {
        type: "array",
        items: { type: "dict", properties: { name: { type: "string" } }, required: ["name"] },
      },
      options: { type: "dict", additionalProperties: { type: "any" } },
      anything: { type: "any", description: "Whatever." },
      mode: { type: "string", enum: ["fast", "short"], format: "word" },
      count: { type: "integer" },
      strict: { type: "boolean" },
    },
    required: ["start"],
    optional: ["speed"],
  },
};

describe("bfclFunctionToTool", () => {
  it("maps BFCL types to JSON Schema and keeps the BFCL type where JSON Schema loses it", () => {
    const tool = bfclFunctionToTool(doc);
    expect(tool).toEqual({
      type: "function",
      function: {
        name: "geo.route",
        description: "Plan a route.",
        parameters: {
          type: "object",
          "x-bfcl-type": "dict",
          properties: {
            start: {
              type: "array",
              "x-bfcl-type": "tuple",
              items: { type: "number", "x-bfcl-type": "float" },
              description: "Start (lat, lon).",
            },
            speed: { type: "number", "x-bfcl-type": "float", default: 1.5 },
            stops: {
              type: "array",
              items: {
                type: "object",
                "x-bfcl-type": "dict",
                properties: { name: { type: "string" } },
                required: ["name"],
              },
            },
            options: {
              type: "object",
              "x-bfcl-type": "dict",
              additionalProperties: { "x-bfcl-type": "any" },
            },
            anything: { "x-bfcl-type": "any", description: "Whatever." },
            mode: { type: "string", enum: ["fast", "short"], format: "word" },
            count: { type: "integer" },
            strict: { type: "boolean" },
          },
          required: ["start"],
        },
      },
    });
    expect(() => validateToolset([tool])).not.toThrow();
  });

  it("recovers the BFCL type of every node from the converted schema", () => {
    const properties = bfclFunctionToTool(doc).function.parameters.properties as Record<string, unknown>;
    const types = Object.fromEntries(
      Object.entries(properties).map(([key, schema]) => [key, bfclTypeOf(schema)]),
    );
    expect(types).toEqual({
      start: "tuple",
      speed: "float",
      stops: "array",
      options: "dict",
      anything: "any",
      mode: "string",
      count: "integer",
      strict: "boolean",
    });
  });

  it("reads plain JSON Schema types as the nearest BFCL type", () => {
    expect(bfclTypeOf({ type: "number" })).toBe("float");
    expect(bfclTypeOf({ type: "object" })).toBe("dict");
    expect(bfclTypeOf({ type: "array" })).toBe("array");
    expect(bfclTypeOf({})).toBe("any");
    expect(bfclTypeOf({ type: ["string", "null"] })).toBe("any");
  });

  it("always gives an object schema with properties and required at the top", () => {
    const tool = bfclFunctionToTool({ name: "ping", parameters: { type: "dict" } });
    expect(tool.function.parameters).toEqual({
      type: "object",
      "x-bfcl-type": "dict",
      properties: {},
      required: [],
    });
  });

  it("rejects a function without a name, naming its position", () => {
    const error = captureError(() =>
      bfclFunctionsToToolset([doc, { parameters: {} }], { file: "q.json", line: 7 }),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('q.json:line 7: function[1] has no "name"');
    expect((error as InputError).field).toBe("function[1].name");
  });

  it("rejects a function without parameters, naming it", () => {
    const error = captureError(() =>
      bfclFunctionToTool({ name: "math.sqrt" }, 0, { file: "q.json", line: 3 }),
    );
    expect(error.message).toBe('q.json:line 3: function "math.sqrt" has no "parameters" object');
  });

  it("rejects an unknown type name, naming the function and field", () => {
    const bad = { name: "f", parameters: { type: "dict", properties: { x: { type: "Strng" } } } };
    const error = captureError(() => bfclFunctionToTool(bad));
    expect(error.message).toBe('function "f": parameters.properties.x.type has unknown BFCL type "Strng"');
  });
});

function captureError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("floatAwareJson", () => {
  it("writes integral numbers at float places as 1.0, elsewhere as JSON does", async () => {
    const { floatAwareJson } = await import("./float-aware-json.js");
    const schema = {
      type: "object",
      properties: {
        interval: { type: "array", items: { type: "number", "x-bfcl-type": "float" } },
        count: { type: "integer" },
        rate: { type: "number", "x-bfcl-type": "float" },
      },
    };
    expect(floatAwareJson({ interval: [1, 3.5], count: 2, rate: 4, name: "a" }, schema)).toBe(
      '{"interval":[1.0,3.5],"count":2,"rate":4.0,"name":"a"}',
    );
  });
});
