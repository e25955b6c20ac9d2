import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ArgumentValidator } from "./argument-validator.js";
import { loadToolset, toolsetFromJson } from "./load-toolset.js";

const weatherSchema = {
  type: "object",
  properties: { city: { type: "string" }, days: { type: "integer", minimum: 1 } },
  required: ["city"],
};
const openai = [
  { type: "function", function: { name: "get_weather", description: "Weather.", parameters: weatherSchema } },
];

describe("toolsetFromJson", () => {
  it("reads the OpenAI tools array as is", () => {
    expect(toolsetFromJson(openai)).toEqual(openai);
  });

  it("reads a function list and a single function", () => {
    const fn = { name: "get_weather", description: "Weather.", parameters: weatherSchema };
    expect(toolsetFromJson([fn])).toEqual(openai);
    expect(toolsetFromJson(fn)).toEqual(openai);
  });

  it("reads an MCP tools/list result, bare or inside its JSON-RPC response", () => {
    const mcp = { tools: [{ name: "get_weather", description: "Weather.", inputSchema: weatherSchema }] };
    expect(toolsetFromJson(mcp)).toEqual(openai);
    expect(toolsetFromJson({ jsonrpc: "2.0", id: 1, result: mcp })).toEqual(openai);
  });

  it("recognises BFCL function docs by their type names and maps them to JSON Schema", () => {
    const bfcl = [
      {
        name: "calc.area",
        description: "Area.",
        parameters: {
          type: "dict",
          properties: { base: { type: "float" }, dims: { type: "tuple", items: { type: "integer" } } },
          required: ["base"],
        },
      },
    ];
    const [tool] = toolsetFromJson(bfcl);
    expect(tool?.function.name).toBe("calc.area");
    expect(tool?.function.parameters).toMatchObject({
      type: "object",
      properties: { base: { type: "number" }, dims: { type: "array", items: { type: "integer" } } },
    });
  });

  it("names the tool and field of a required name missing from properties", () => {
    const bad = [{ name: "f", parameters: { type: "object", properties: { a: {} }, required: ["a", "b"] } }];
    expect(() => toolsetFromJson(bad, { file: "t.json" })).toThrow(
      "t.json: tool 'f', field 'function.parameters.required[1]': 'b' is not in properties",
    );
  });

  it("names the tool and field of an invalid JSON Schema", () => {
    const bad = [
      { name: "g", parameters: { type: "object", properties: { n: { type: "integer", minimum: "one" } } } },
    ];
    expect(() => toolsetFromJson(bad)).toThrow(
      "tool 'g', field 'function.parameters': invalid JSON Schema (properties.n.minimum: must be number)",
    );
  });

  it("rejects duplicate names", () => {
    expect(() => toolsetFromJson([...openai, ...openai])).toThrow(
      "tool 'get_weather', field 'function.name': duplicate function name",
    );
  });

  it("rejects a file that is not a toolset", () => {
    expect(() => toolsetFromJson([1, 2], { file: "x.json" })).toThrow("x.json: not a toolset");
  });
});

describe("loadToolset", () => {
  it("loads every .json file of a folder in name order and checks names across files", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ttpa-tools-"));
    await writeFile(path.join(dir, "b.json"), JSON.stringify(openai));
    await writeFile(
      path.join(dir, "a.json"),
      JSON.stringify([{ name: "search", parameters: { type: "object" } }]),
    );
    const tools = await loadToolset(dir);
    expect(tools.map((tool) => tool.function.name)).toEqual(["search", "get_weather"]);
    await writeFile(path.join(dir, "c.json"), JSON.stringify(openai));
    await expect(loadToolset(dir)).rejects.toThrow("duplicate function name");
  });

  it("names the file of bad JSON", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ttpa-tools-"));
    const file = path.join(dir, "broken.json");
    await writeFile(file, "[{");
    await expect(loadToolset(file)).rejects.toThrow(`${file}: not valid JSON`);
  });
});

describe("ArgumentValidator", () => {
  const validator = new ArgumentValidator(toolsetFromJson(openai));

  it("accepts valid arguments", () => {
    expect(validator.check({ name: "get_weather", arguments: { city: "Oslo", days: 2 } })).toEqual({
      valid: true,
    });
  });

  it("names the argument that is missing, mistyped or out of range", () => {
    const result = validator.check({ name: "get_weather", arguments: { days: 0 } });
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.problems.map((p) => p.path).sort()).toEqual(["city", "days"]);
    const typed = validator.check({ name: "get_weather", arguments: { city: 5 } });
    expect(typed).toEqual({ valid: false, problems: [{ path: "city", message: "must be string" }] });
  });

  it("rejects a call to an unknown tool", () => {
    expect(validator.check({ name: "nope", arguments: {} })).toEqual({
      valid: false,
      problems: [{ path: "", message: "unknown tool 'nope'" }],
    });
  });
});
