import type { Command } from "commander";
import type { CliIo } from "./cli-io.js";

/** One CLI command: built per run so that it writes to the run's streams. */
export interface CommandSpec {
  /** A complete example invocation, listed under `ttpa --help` and the command's own help. */
  example: string;
  create(io: CliIo): Command;
}
