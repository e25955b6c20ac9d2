import type { EsmErrorType } from "../esm/index.js";

/** Short column and axis labels of the ESM error types. */
export const ERROR_LABELS: Record<EsmErrorType, string> = {
  format_error: "format",
  no_call: "no call",
  irrelevant_call: "irrelevant call",
  missing_call: "missing call",
  extra_call: "extra call",
  wrong_name: "wrong name",
  missing_required: "missing required",
  unexpected_param: "unexpected param",
  type_error: "type",
  value_error: "value",
};
