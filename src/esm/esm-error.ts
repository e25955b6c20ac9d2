/** The error taxonomy of the error-oriented scoring mechanism, in the order reports list them. */
export const ESM_ERROR_TYPES = [
  "format_error",
  "no_call",
  "irrelevant_call",
  "missing_call",
  "extra_call",
  "wrong_name",
  "missing_required",
  "unexpected_param",
  "type_error",
  "value_error",
] as const;

export type EsmErrorType = (typeof ESM_ERROR_TYPES)[number];

/** One named error. `path` points at what is wrong: `$` (the whole output), `$[1].name`, `$[0].arguments.city`. */
export interface EsmError {
  type: EsmErrorType;
  path: string;
  message: string;
}
