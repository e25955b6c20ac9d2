/** The Python trainer stopped with an error: `message` is its last error line, not a stack trace. */
export class TrainerFailed extends Error {
  override readonly name = "TrainerFailed";
  readonly exitCode: number | null;

  constructor(message: string, exitCode: number | null) {
    super(`trainer: ${message}`);
    this.exitCode = exitCode;
  }
}
