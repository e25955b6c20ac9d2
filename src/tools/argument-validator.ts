import type { ToolCall } from "../tool-calls/tool-call.js";
import { type CompiledSchema, pointerToPath, schemaValidator } from "./schema-validator.js";
import type { Toolset } from "./tool-definition.js";

export interface ArgumentProblem {
  /** Path of the argument concerned, relative to the arguments object (`city`, `dates[1]`); `""` for the whole. */
  path: string;
  message: string;
}

export type ArgumentCheck = { valid: true } | { valid: false; problems: ArgumentProblem[] };

/**
 * Validates call arguments against their tool's JSON Schema with Ajv. Schemas are compiled once per
 * tool on first use, since construction and evaluation check many calls against few tools.
 */
export class ArgumentValidator {
  private readonly schemas = new Map<string, unknown>();
  private readonly compiled = new Map<string, CompiledSchema>();

  constructor(tools: Toolset) {
    for (const tool of tools) this.schemas.set(tool.function.name, tool.function.parameters);
  }

  hasTool(name: string): boolean {
    return this.schemas.has(name);
  }

  check(call: Pick<ToolCall, "name" | "arguments">): ArgumentCheck {
    const validate = this.validatorFor(call.name);
    if (!validate) return { valid: false, problems: [{ path: "", message: `unknown tool '${call.name}'` }] };
    if (validate(call.arguments)) return { valid: true };
    const problems = (validate.errors ?? []).map((error) => {
      const base = pointerToPath(error.instancePath);
      const missing = error.keyword === "required" ? String(error.params.missingProperty) : undefined;
      const extra =
        error.keyword === "additionalProperties" ? String(error.params.additionalProperty) : undefined;
      const leaf = missing ?? extra;
      return {
        path: leaf === undefined ? base : base ? `${base}.${leaf}` : leaf,
        message: error.message ?? "invalid",
      };
    });
    return { valid: false, problems };
  }

  private validatorFor(name: string): CompiledSchema | undefined {
    let validate = this.compiled.get(name);
    if (!validate && this.schemas.has(name)) {
      validate = schemaValidator().compile(this.schemas.get(name) as object);
      this.compiled.set(name, validate);
    }
    return validate;
  }
}
