/** JSON Schema of a dataset line, checked with Ajv so that a bad record names its field. */
export const DATASET_RECORD_SCHEMA = {
  type: "object",
  required: ["id", "tools", "messages"],
  properties: {
    id: { type: "string", minLength: 1 },
    tools: { type: "array" },
    meta: {
      type: "object",
      properties: {
        category: { type: "string" },
        possible_answers: {
          type: "array",
          items: { type: "array", items: { type: "object", minProperties: 1, maxProperties: 1 } },
        },
        possible_answer_floats: { type: "array", items: { type: "array", items: { type: "string" } } },
      },
    },
    messages: {
      type: "array",
      items: {
        type: "object",
        required: ["role"],
        properties: {
          role: { enum: ["system", "user", "assistant", "tool"] },
        },
        allOf: [
          {
            if: { properties: { role: { const: "assistant" } } },
            // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword, not a thenable.
            then: {
              properties: {
                content: { type: ["string", "null"] },
                tool_calls: {
                  type: "array",
                  items: {
                    type: "object",
                    required: ["function"],
                    properties: {
                      function: {
                        type: "object",
                        required: ["name", "arguments"],
                        properties: { name: { type: "string" }, arguments: { type: ["string", "object"] } },
                      },
                    },
                  },
                },
              },
            },
            else: { required: ["content"], properties: { content: { type: "string" } } },
          },
        ],
      },
    },
  },
} as const;
