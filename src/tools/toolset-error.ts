import { InputError } from "../errors/input-error.js";

/** A tool definition that cannot be used: names the tool and the field at fault. */
export class ToolsetError extends InputError {
  readonly tool: string;

  constructor(options: { file?: string; tool: string; field: string; problem: string }) {
    super(`tool '${options.tool}', field '${options.field}': ${options.problem}`, {
      ...(options.file === undefined ? {} : { file: options.file }),
      field: options.field,
    });
    this.tool = options.tool;
  }
}
