import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

// ajv-formats ships CommonJS with a default export; under NodeNext the callable sits on `.default`.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/**
 * One Ajv instance for the whole process. `strict: false` because real tool schemas carry
 * keywords Ajv does not know (`x-bfcl-type`, `examples`, vendor extensions); structural validity is
 * still checked against the meta-schema by `validateSchema`.
 */
let shared: Ajv | undefined;

export function schemaValidator(): Ajv {
  if (!shared) {
    shared = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(shared);
  }
  return shared;
}

export type CompiledSchema = ValidateFunction;

/** `/a/0/b` (Ajv's JSON Pointer) → `a[0].b`, the path style used in ttpa's messages. */
export function pointerToPath(pointer: string): string {
  let path = "";
  for (const raw of pointer.split("/").slice(1)) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    path += /^\d+$/.test(part) ? `[${part}]` : path === "" ? part : `.${part}`;
  }
  return path;
}

/** The first Ajv error as one readable clause: `minimum: must be number`. */
export function describeAjvError(error: ErrorObject | undefined): string {
  if (!error) return "invalid";
  const where = pointerToPath(error.instancePath);
  const detail =
    error.keyword === "enum" && Array.isArray(error.params.allowedValues)
      ? `must be one of ${error.params.allowedValues.join(", ")}`
      : (error.message ?? "invalid");
  return where ? `${where}: ${detail}` : detail;
}
