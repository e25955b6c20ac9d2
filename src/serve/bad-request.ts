/**
 * A request the server cannot run as sent. Answered with `status` (400 unless said otherwise) and
 * an OpenAI-style error whose message names the field and what it must be.
 */
export class BadRequestError extends Error {
  override readonly name = "BadRequestError";
  readonly status: number;
  readonly field: string | undefined;

  constructor(options: { field?: string; problem: string; status?: number }) {
    super(options.field === undefined ? options.problem : `'${options.field}': ${options.problem}`);
    this.status = options.status ?? 400;
    this.field = options.field;
  }
}
