/** What one of BFCL's checker steps returns; `errorType` is BFCL's own error-type string. */
export interface CheckResult {
  valid: boolean;
  errors: string[];
  errorType?: string;
}

export function passed(): CheckResult {
  return { valid: true, errors: [] };
}

export function invalid(errorType: string, ...errors: string[]): CheckResult {
  return { valid: false, errors, errorType };
}
