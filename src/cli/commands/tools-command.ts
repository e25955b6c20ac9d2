import { Command, Option } from "commander";
import { readDataset } from "../../dataset/index.js";
import { writeFileAtomic } from "../../json/index.js";
import { loadToolset, synthesizeTools, validateToolset } from "../../tools/index.js";
import type { CommandSpec } from "../command-spec.js";
import { parseNonNegativeInt, parsePositiveInt } from "../option-parsers.js";

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
    command
      .command("synth")
      .description(
        "Writes COUNT realistic function definitions, offline and the same for the same seed: entities of " +
          "many domains crossed with actions (search, details, book, cancel, ...) and formulas, with parameters " +
          "of every kind (formats, patterns, units, enums, optional ones, nested objects, arrays of objects).",
      )
      .requiredOption("--count <n>", "how many tools", parsePositiveInt)
      .requiredOption("--out <file>", "toolset JSON file to write (OpenAI tools array)")
      .option("--seed <n>", "seed of every random choice", parseNonNegativeInt, 1)
      .option(
        "--exclude <path>",
        "names never to produce, to keep a benchmark held out: a toolset (any format) or a dataset JSONL " +
          "(e.g. from `ttpa import bfcl`), whose records' tools are excluded",
      )
      .action(async (options: { count: number; out: string; seed: number; exclude?: string }) => {
        const exclude = options.exclude ? await namesIn(options.exclude) : [];
        const tools = synthesizeTools({ count: options.count, seed: options.seed, exclude });
        validateToolset(tools);
        await writeFileAtomic(options.out, `${JSON.stringify(tools, null, 2)}\n`);
        io.stdout(`${tools.length} tools → ${options.out}\n`);
      })
      .addHelpText("after", "\nExample:\n  $ ttpa tools synth --count 2000 --seed 1 --out tools.json\n");
    return command;
  },
};

/** Tool names of a toolset file or folder, or of every record of a dataset JSONL. */
async function namesIn(location: string): Promise<string[]> {
  const tools = location.endsWith(".jsonl")
    ? (await readDataset(location)).flatMap((record) => record.tools)
    : await loadToolset(location);
  return tools.map((tool) => tool.function.name);
}
