/** A JSON Schema object, as found in `parameters` of a function definition. */
export type JsonSchema = { [keyword: string]: unknown };

/** The function part of an OpenAI tool definition. */
export interface FunctionDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object (`type: "object"`, `properties`, `required`). */
  parameters: JsonSchema;
}

/** One entry of the OpenAI `tools` array: the canonical form of a tool everywhere in ttpa. */
export interface ToolDefinition {
  type: "function";
  function: FunctionDefinition;
}

/** The OpenAI `tools` array. */
export type Toolset = ToolDefinition[];
