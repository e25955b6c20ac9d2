import { Command, Option } from "commander";
import { loadToolset } from "../../tools/index.js";
import type { CommandSpec } from "../command-spec.js";

export const toolsCommand: CommandSpec = {
  example: "ttpa tools check examples/toolsets",
  create(io) {
    const command = new Command("tools").summary("inspect and validate toolsets");
    command
      .command("check")
      .description(
        "Loads a toolset file or folder (OpenAI tools, a function list, an MCP tools/list result or BFCL " +
          "function docs), checks every definition and lists the tools.",
      )
      .argument("<path>", "toolset file, or folder of .json toolset files")
      .addOption(
        new Option("--format <format>", "input format")
          .choices(["auto", "openai", "functions", "mcp", "bfcl"])
          .default("auto"),
      )
      .option("--json", "print the canonical OpenAI tools array instead of the list")
      .action(async (path: string, options: { format: "auto"; json?: boolean }) => {
        const tools = await loadToolset(path, { format: options.format });
        if (options.json) {
          io.stdout(`${JSON.stringify(tools, null, 2)}\n`);
          return;
        }
        for (const tool of tools) {
          const properties = Object.keys((tool.function.parameters.properties as object | undefined) ?? {});
          io.stdout(`${tool.function.name}(${properties.join(", ")})\n`);
        }
        io.stdout(`${tools.length} tools OK\n`);
      })
      .addHelpText("after", `\nExample:\n  $ ${toolsCommand.example}\n`);
    return command;
  },
};
