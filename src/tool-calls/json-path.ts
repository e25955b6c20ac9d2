const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The path of a child value in the notation `ToolCall.pythonTypes` uses: `$.a.b[0]`, with keys that
 * are not identifiers written as `$["my key"]` (JSON string syntax inside the brackets).
 */
export function childPath(parent: string, step: string | number): string {
  if (typeof step === "number") return `${parent}[${step}]`;
  return IDENTIFIER.test(step) ? `${parent}.${step}` : `${parent}[${JSON.stringify(step)}]`;
}

/** The path of a value inside an arguments object, from its keys and indices: `["a", 0]` → `$.a[0]`. */
export function jsonPath(steps: ReadonlyArray<string | number>): string {
  return steps.reduce<string>(childPath, "$");
}
