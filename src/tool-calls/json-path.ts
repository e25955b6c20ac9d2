/**
 * The path of a child value in the notation `ToolCall.pythonTypes` uses: `$.a.b[0]`, with keys that
 * are not identifiers written as `$["my key"]` (JSON string syntax inside the brackets).
 */
export function childPath(parent: string, step: string | number): string {
  if (typeof step === "number") return `${parent}[${step}]`;
  return isIdentifier(step) ? `${parent}.${step}` : `${parent}[${JSON.stringify(step)}]`;
}

/** `/^[A-Za-z_][A-Za-z0-9_]*$/`, by char code: a path is built for many keys, and a regex costs more. */
function isIdentifier(step: string): boolean {
  if (step.length === 0) return false;
  for (let i = 0; i < step.length; i++) {
    const code = step.charCodeAt(i);
    const letter = (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
    if (!letter && code !== 0x5f && (i === 0 || code < 0x30 || code > 0x39)) return false;
  }
  return true;
}

/** The path of a value inside an arguments object, from its keys and indices: `["a", 0]` → `$.a[0]`. */
export function jsonPath(steps: ReadonlyArray<string | number>): string {
  return steps.reduce<string>(childPath, "$");
}

/**
 * The paths among `paths` that lie at or under `from`, moved to lie under `to` instead
 * (`$[0].f.x[1]` from `$[0].f.x[1]` to `$[0]` → `$[0]`); the others are dropped.
 */
export function rebasePaths(paths: readonly string[], from: string, to: string): string[] {
  return paths.flatMap((path) => {
    if (!path.startsWith(from)) return [];
    const rest = path.slice(from.length);
    return rest === "" || rest.startsWith(".") || rest.startsWith("[") ? [`${to}${rest}`] : [];
  });
}
