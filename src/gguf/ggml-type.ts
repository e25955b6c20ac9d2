/** The tensor data types this package writes and reads back (a subset of ggml's). */
export type GgmlType = "F32" | "F16" | "BF16";

/** ggml's numeric codes for those types. */
export const GGML_TYPE_CODE: Readonly<Record<GgmlType, number>> = { F32: 0, F16: 1, BF16: 30 };

export const GGML_TYPE_BYTES: Readonly<Record<GgmlType, number>> = { F32: 4, F16: 2, BF16: 2 };

export function ggmlTypeFromCode(code: number): GgmlType | undefined {
  for (const [name, value] of Object.entries(GGML_TYPE_CODE)) {
    if (value === code) return name as GgmlType;
  }
  return undefined;
}
