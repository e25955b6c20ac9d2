/** A pair record that does not have the documented shape: names the record, the field and what is wrong. */
export class PairFormatError extends Error {
  override readonly name = "PairFormatError";
  readonly field: string;
  readonly pairId: string | undefined;

  constructor(context: { field: string; problem: string; pairId?: string }) {
    super(
      `${context.pairId === undefined ? "pair" : `pair '${context.pairId}'`}: '${context.field}' ${context.problem}`,
    );
    this.field = context.field;
    this.pairId = context.pairId;
  }
}
