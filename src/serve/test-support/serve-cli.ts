// Child process for the shutdown test: `ttpa serve` through its command spec, on the process streams.
import { Command } from "commander";
import { processIo } from "../../cli/cli-io.js";
import { serveCommand } from "../../cli/commands/serve-command.js";

const program = new Command("ttpa").addCommand(serveCommand.create(processIo));
await program.parseAsync(process.argv.slice(2), { from: "user" });
