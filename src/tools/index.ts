export { type ArgumentCheck, type ArgumentProblem, ArgumentValidator } from "./argument-validator.js";
export { effectiveSchema, jsonType, mergeSchemas, schemaTypes } from "./effective-schema.js";
export { findUnsatisfiable, type Unsatisfiable } from "./find-unsatisfiable.js";
export {
  loadToolset,
  type ToolsetFormat,
  type ToolsetFromJsonOptions,
  toolsetFromJson,
} from "./load-toolset.js";
export * from "./synth/index.js";
export type { FunctionDefinition, JsonSchema, ToolDefinition, Toolset } from "./tool-definition.js";
export { ToolsetError } from "./toolset-error.js";
export { validateToolset } from "./validate-toolset.js";
