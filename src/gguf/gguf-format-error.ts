import { InputError } from "../errors/index.js";

/** A file that is not readable as GGUF v2/v3: names the file and the byte offset where parsing stopped. */
export class GgufFormatError extends InputError {
  readonly offset: number;

  constructor(options: { file: string; offset: number; problem: string }) {
    super(`byte ${options.offset}: ${options.problem}`, { file: options.file });
    this.offset = options.offset;
  }
}
