/** A sampler option outside its range: names the option, the value and the range. */
export class SamplingOptionError extends Error {
  override readonly name = "SamplingOptionError";
  readonly option: string;
  readonly value: unknown;

  constructor(context: { option: string; value: unknown; expected: string }) {
    super(
      `sampling option '${context.option}' is ${JSON.stringify(context.value)}; expected ${context.expected}`,
    );
    this.option = context.option;
    this.value = context.value;
  }
}

/** Checks a numeric option; returns it. */
export function checkOption(
  option: string,
  value: number,
  expected: { integer?: boolean; min?: number; max?: number; above?: number },
): number {
  const ok =
    Number.isFinite(value) &&
    (!expected.integer || Number.isInteger(value)) &&
    (expected.min === undefined || value >= expected.min) &&
    (expected.max === undefined || value <= expected.max) &&
    (expected.above === undefined || value > expected.above);
  if (!ok) {
    const parts = [
      expected.integer ? "a whole number" : "a number",
      expected.min === undefined ? "" : `>= ${expected.min}`,
      expected.above === undefined ? "" : `> ${expected.above}`,
      expected.max === undefined ? "" : `<= ${expected.max}`,
    ];
    throw new SamplingOptionError({ option, value, expected: parts.filter(Boolean).join(" ") });
  }
  return value;
}
