import { Command, CommanderError } from "commander";
import { InputError } from "../errors/input-error.js";
import { TrainerUnavailable } from "../training/index.js";
import { type CliIo, processIo } from "./cli-io.js";
import type { CommandSpec } from "./command-spec.js";
import { constructCommand } from "./commands/construct-command.js";
import { demoCommand } from "./commands/demo-command.js";
import { evalCommand } from "./commands/eval-command.js";
import { exportCommand } from "./commands/export-command.js";
import { importCommand } from "./commands/import-command.js";
import { predictCommand } from "./commands/predict-command.js";
import { reportCommand } from "./commands/report-command.js";
import { runCommand } from "./commands/run-command.js";
import { sampleCommand } from "./commands/sample-command.js";
import { serveCommand } from "./commands/serve-command.js";
import { splitCommand } from "./commands/split-command.js";
import { toolsCommand } from "./commands/tools-command.js";
import { trainCommand } from "./commands/train-command.js";

const COMMANDS: CommandSpec[] = [
  demoCommand,
  runCommand,
  reportCommand,
  constructCommand,
  splitCommand,
  importCommand,
  predictCommand,
  evalCommand,
  sampleCommand,
  trainCommand,
  exportCommand,
  serveCommand,
  toolsCommand,
];

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const program = new Command("ttpa")
    .description(
      "Token-level tool-use preference alignment: build, train, sample, score and evaluate tool calling.",
    )
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .addHelpText("after", `\nExamples:\n${COMMANDS.map((spec) => `  $ ${spec.example}`).join("\n")}\n`);
  for (const spec of COMMANDS) program.addCommand(spec.create(io));
  exitOverrideEverywhere(program, io);
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version "errors" keep commander's code 0; usage errors exit 2, as CLIs conventionally do.
      return error.exitCode === 0 ? 0 : 2;
    }
    // Both say what the user must fix: no "internal error" prefix, no stack.
    if (error instanceof InputError || error instanceof TrainerUnavailable) {
      io.stderr(`ttpa: ${error.message}\n`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`ttpa: internal error: ${message}\n`);
    if (process.env.TTPA_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
    return 1;
  }
}

/** Commander exits the process by default; tests and the library need an exit code instead. */
function exitOverrideEverywhere(command: Command, io: CliIo): void {
  command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const sub of command.commands) exitOverrideEverywhere(sub, io);
}
