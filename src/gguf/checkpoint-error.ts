import { InputError } from "../errors/index.js";

/**
 * A Hugging Face checkpoint that cannot be exported as it is: names the file and, when there is
 * one, the field or tensor at fault; the message says what to change.
 */
export class CheckpointError extends InputError {
  constructor(options: { file: string; field?: string; problem: string }) {
    super(options.field === undefined ? options.problem : `'${options.field}': ${options.problem}`, {
      file: options.file,
      ...(options.field === undefined ? {} : { field: options.field }),
    });
  }
}
