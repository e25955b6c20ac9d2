import { Command } from "commander";
import { importBfcl } from "../../bfcl/index.js";
import { writeJsonlAtomic } from "../../json/index.js";
import type { CommandSpec } from "../command-spec.js";

export const importCommand: CommandSpec = {
  example: "ttpa import bfcl ../shared/data/bfcl-sample --out bfcl.jsonl",
  create(io) {
    const command = new Command("import").summary("convert an external benchmark into a ttpa dataset");
    command
      .command("bfcl")
      .description(
        "Converts BFCL question files (BFCL_v4_*.json) and their possible_answer/ files into the ttpa " +
          "dataset format; the accepted answers are kept in meta.possible_answers for BFCL-mode eval.",
      )
      .argument("<dir>", "folder with BFCL_v4_*.json and possible_answer/")
      .requiredOption("--out <file>", "dataset JSONL to write")
      .option("--categories <list>", "comma-separated categories to import (default: all found)")
      .action(async (dir: string, options: { out: string; categories?: string }) => {
        const categories = options.categories?.split(",").map((name) => name.trim());
        const { records, summary, skippedFiles } = await importBfcl({
          dir,
          ...(categories ? { categories } : {}),
        });
        await writeJsonlAtomic(options.out, records);
        for (const entry of summary) {
          const outside = entry.argumentsOutsideSchema.length;
          io.stdout(
            `${entry.category}: ${entry.records} records, ${entry.referenceCalls} reference calls` +
              `${outside ? ` (${outside} answer arguments not in the schema, left out: ${entry.argumentsOutsideSchema.join(", ")})` : ""}\n`,
          );
        }
        if (skippedFiles.length > 0)
          io.stderr(`skipped (not AST-checked categories): ${skippedFiles.join(", ")}\n`);
        io.stdout(`wrote ${records.length} records to ${options.out}\n`);
      })
      .addHelpText("after", `\nExample:\n  $ ${importCommand.example}\n`);
    return command;
  },
};
