import { Command } from "commander";
import { findBfclPackage, importBfcl } from "../../bfcl/index.js";
import { InputError } from "../../errors/input-error.js";
import { importGguf } from "../../gguf/index.js";
import { writeJsonlAtomic } from "../../json/index.js";
import type { CommandSpec } from "../command-spec.js";

const IMPORT_GGUF_EXAMPLE = "ttpa import gguf gemma-3-270m-q4_k_m.gguf --out models/gemma3";

export const importCommand: CommandSpec = {
  example: "ttpa import bfcl --out bfcl.jsonl",
  create(io) {
    const command = new Command("import").summary(
      "convert an external benchmark into a ttpa dataset, or a GGUF model into a Hugging Face checkpoint",
    );
    command
      .command("bfcl")
      .description(
        "Converts BFCL question files (BFCL_v4_*.json) and their possible_answer/ files into the ttpa " +
          "dataset format; the accepted answers are kept in meta.possible_answers for BFCL-mode eval. " +
          "Without a folder, reads the data of the installed bfcl-eval package (pip install --no-deps " +
          "-r requirements-bfcl.txt), found in the Python that TTPA_PYTHON names (else python3). " +
          "Entries that cannot be read are listed and the rest is written; the exit status is then 1.",
      )
      .argument(
        "[dir]",
        "folder with BFCL_v4_*.json and possible_answer/ (default: the bfcl-eval package's data)",
      )
      .requiredOption("--out <file>", "dataset JSONL to write")
      .option("--categories <list>", "comma-separated categories to import (default: all found)")
      .action(async (dirArgument: string | undefined, options: { out: string; categories?: string }) => {
        const categories = options.categories?.split(",").map((name) => name.trim());
        let dir = dirArgument;
        if (dir === undefined) {
          const found = await findBfclPackage();
          dir = found.dataDir;
          io.stdout(`reading BFCL's data from ${dir} (bfcl-eval, ${found.python})\n`);
        }
        const { records, summary, skipped, problems } = await importBfcl({
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
        for (const file of skipped) io.stderr(`skipped ${file.category}: ${file.reason}\n`);
        io.stdout(`wrote ${records.length} records to ${options.out}\n`);
        for (const problem of problems) io.stderr(`left out: ${problem.message}\n`);
        if (problems.length > 0) {
          throw new InputError(`${problems.length} BFCL entries could not be imported (listed above)`, {
            file: dir,
          });
        }
      })
      .addHelpText(
        "after",
        `\nExamples:\n  $ ${importCommand.example}\n  $ ttpa import bfcl ../shared/data/bfcl-sample --out bfcl.jsonl\n`,
      );
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
