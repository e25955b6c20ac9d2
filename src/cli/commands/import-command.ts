import { Command } from "commander";
import { importBfcl } from "../../bfcl/index.js";
import { importGguf } from "../../gguf/index.js";
import { writeJsonlAtomic } from "../../json/index.js";
import type { CommandSpec } from "../command-spec.js";

const IMPORT_GGUF_EXAMPLE = "ttpa import gguf gemma-3-270m-q4_k_m.gguf --out models/gemma3";

export const importCommand: CommandSpec = {
  example: "ttpa import bfcl ../shared/data/bfcl-sample --out bfcl.jsonl",
  create(io) {
    const command = new Command("import").summary(
      "convert an external benchmark into a ttpa dataset, or a GGUF model into a Hugging Face checkpoint",
    );
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
    command
      .command("gguf")
      .description(
        "Converts a GGUF model (gemma3, llama, qwen2 or qwen3; any quantization the gguf library " +
          "dequantizes: Q4_K, Q5_0, Q6_K, Q8_0, F16, BF16, F32, ...) into a Hugging Face checkpoint: " +
          "config.json, model.safetensors (dequantized), tokenizer.json and tokenizer_config.json with the " +
          "file's chat template. ttpa train, predict and export gguf take the folder. Runs the Python trainer.",
      )
      .argument("<model.gguf>", "GGUF file")
      .requiredOption("--out <dir>", "checkpoint folder to write")
      .action(async (ggufFile: string, options: { out: string }) => {
        const result = await importGguf({ ggufFile, outDir: options.out });
        io.stdout(
          `wrote ${result.outDir} (${result.architecture}, ${result.tensorCount} tensors from ${result.types.join(", ")}` +
            `${result.chatTemplate ? ", chat template" : ", no chat template in the file"})\n`,
        );
      })
      .addHelpText("after", `\nExample:\n  $ ${IMPORT_GGUF_EXAMPLE}\n`);
    return command;
  },
};
