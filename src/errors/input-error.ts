/**
 * Bad input from the user: a file, a line or a field that cannot be used as it is. The message is
 * one line that names where the problem is and, when it is not obvious, how to fix it.
 */
export class InputError extends Error {
  override readonly name = "InputError";
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;

  constructor(message: string, where: { file?: string; line?: number; field?: string } = {}) {
    const place = [where.file, where.line === undefined ? undefined : `line ${where.line}`]
      .filter((part) => part !== undefined)
      .join(":");
    super(place ? `${place}: ${message}` : message);
    this.file = where.file;
    this.line = where.line;
    this.field = where.field;
  }
}
