import { Command, Option } from "commander";
import { exportCheckpointGguf } from "../../gguf/index.js";
import type { CommandSpec } from "../command-spec.js";
import { addExportPairsCommand, EXPORT_PAIRS_EXAMPLE } from "./export-pairs-command.js";

export const exportCommand: CommandSpec = {
  example: "ttpa export gguf runs/sft/checkpoint --out model.gguf",
  create(io) {
    const command = new Command("export").summary(
      "write a checkpoint as GGUF, or preference pairs for a training framework",
    );
    command
      .command("gguf")
      .description(
        "Converts a Hugging Face checkpoint (config.json, safetensors weights, tokenizer.json) of Gemma 3, " +
          "Llama, Qwen 2 or Qwen 3 into a GGUF file that llama.cpp, ttpa serve and ttpa predict load. f32 " +
          "keeps the weights exact (the model's log-probabilities match PyTorch's to about 1e-5, 1e-4 on " +
          "Gemma 3); f16 and bf16 halve the file, q8_0 quarters it. ttpa's own Llama checkpoints convert in TypeScript; other " +
          "models through the Python trainer (LoRA must be merged, as ttpa train leaves its final model).",
      )
      .argument("<checkpoint>", "checkpoint folder")
      .requiredOption("--out <file>", "GGUF file to write")
      .addOption(
        new Option("--dtype <type>", "type of the weight matrices")
          .choices(["f32", "f16", "bf16", "q8_0"])
          .default("f32"),
      )
      .action(
        async (checkpointDir: string, options: { out: string; dtype: "f32" | "f16" | "bf16" | "q8_0" }) => {
          // Checkpoint problems are InputErrors already: the CLI prints them as one line.
          const result = await exportCheckpointGguf({
            checkpointDir,
            outFile: options.out,
            dtype: options.dtype,
          });
          const megabytes = (result.bytes / 1024 / 1024).toFixed(1);
          io.stdout(
            `wrote ${result.outFile} (${megabytes} MiB, ${result.tensorCount} tensors, vocabulary ${result.vocabSize}, ` +
              `tokenizer ${result.tokenizer})\n`,
          );
        },
      )
      .addHelpText("after", `\nExample:\n  $ ${exportCommand.example}\n`);
    // `ttpa export pairs` is defined beside the pair exporters.
    addExportPairsCommand(command, io);
    command.addHelpText("after", `\nExamples:\n  $ ${exportCommand.example}\n  $ ${EXPORT_PAIRS_EXAMPLE}\n`);
    return command;
  },
};
