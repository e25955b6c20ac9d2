import { isJsonObject } from "../json/json-value.js";
import { describeAjvError, schemaValidator } from "./schema-validator.js";
import type { Toolset } from "./tool-definition.js";
import { ToolsetError } from "./toolset-error.js";

/**
 * Checks what would otherwise fail late and obscurely: a missing or duplicate name, parameters
 * that are not a valid JSON Schema for an object, and `required` names that `properties` lacks.
 * Throws a ToolsetError naming the tool and field.
 */
export function validateToolset(tools: Toolset, options: { file?: string } = {}): void {
  const ajv = schemaValidator();
  const seen = new Set<string>();
  for (const [index, tool] of tools.entries()) {
    const name = typeof tool?.function?.name === "string" ? tool.function.name : `#${index}`;
    const fail = (field: string, problem: string): never => {
      throw new ToolsetError({ ...options, tool: name, field, problem });
    };
    if (tool?.type !== "function") fail("type", `must be "function"`);
    if (typeof tool.function?.name !== "string" || tool.function.name.trim() === "") {
      fail("function.name", "must be a non-empty string");
    }
    if (seen.has(name)) fail("function.name", "duplicate function name");
    seen.add(name);
    const parameters = tool.function.parameters;
    if (!isJsonObject(parameters)) fail("function.parameters", "must be a JSON Schema object");
    if (!ajv.validateSchema(parameters)) {
      fail(`function.parameters`, `invalid JSON Schema (${describeAjvError(ajv.errors?.[0])})`);
    }
    const schema = parameters as Record<string, unknown>;
    if (schema.type !== undefined && schema.type !== "object") {
      fail("function.parameters.type", `must be "object", got ${JSON.stringify(schema.type)}`);
    }
    const properties = isJsonObject(schema.properties) ? schema.properties : {};
    const required = Array.isArray(schema.required) ? schema.required : [];
    required.forEach((key, i) => {
      if (typeof key === "string" && !(key in properties)) {
        fail(`function.parameters.required[${i}]`, `'${key}' is not in properties`);
      }
    });
  }
}
