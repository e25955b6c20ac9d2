import { InputError } from "../errors/input-error.js";

/**
 * The Python trainer crashed (a bug, or an environment problem such as running out of memory):
 * `message` is its last error line, not a stack trace (that went to stderr).
 */
export class TrainerFailed extends Error {
  override readonly name = "TrainerFailed";
  readonly exitCode: number | null;

  constructor(message: string, exitCode: number | null) {
    super(`trainer: ${message}`);
    this.exitCode = exitCode;
  }
}

/**
 * The trainer refused its input: the data (too few examples for a batch, a bad line), a flag, a
 * checkpoint that cannot be resumed. An InputError, so the CLI shows it as one plain line.
 */
export class TrainerInputError extends InputError {
  readonly exitCode: number | null;

  constructor(message: string, exitCode: number | null) {
    super(`trainer: ${message}`);
    this.exitCode = exitCode;
  }
}
