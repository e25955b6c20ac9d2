import { Command } from "commander";
import { readDataset } from "../../dataset/index.js";
import { runPredict } from "../../predict/index.js";
import type { CommandSpec } from "../command-spec.js";
import { openModel, withModelOptions } from "../model-options.js";
import { parsePositiveInt } from "../option-parsers.js";
import { type ProgressDisplay, progressDisplay } from "../progress-display.js";

export const predictCommand: CommandSpec = {
  example: "ttpa predict --model model.gguf --data test.jsonl --out predictions.jsonl",
  create(io) {
    return withModelOptions(
      new Command("predict")
        .summary("generate a model's output for every eval target of a dataset, for ttpa eval")
        .description(
          "Renders each eval target's conversation with the model's chat template and generates greedily " +
            "until an end-of-generation token or --max-tokens, several targets at once. Appends {id, output} " +
            "lines (output: the raw text, which ttpa eval parses); rerun the same command after an " +
            "interruption to continue, ids already in --out are skipped. --model is a GGUF file (llama.cpp) " +
            "or the base URL of an OpenAI-compatible server with token-id prompts and logprobs (vLLM, " +
            "llama.cpp's server, ttpa serve); give several URLs serving one model separated by commas. A vLLM " +
            "server reports no vocabulary size or chat template: give the model's Hugging Face folder with --tokenizer.",
        )
        .requiredOption(
          "--model <path-or-url>",
          "GGUF file, or http(s) base URL(s) of OpenAI-compatible servers",
        )
        .requiredOption("--data <file>", "dataset JSONL ({id, tools, messages, meta})")
        .requiredOption("--out <file>", "predictions JSONL to append to")
        .option("--max-tokens <n>", "most tokens generated per target", parsePositiveInt, 512)
        .option("--concurrency <n>", "targets in flight at once", parsePositiveInt, 4)
        .option("--limit <n>", "predict at most N targets in this invocation", parsePositiveInt),
    )
      .action(async (options) => {
        const records = await readDataset(options.data);
        const model = await openModel(options.model, options, options.concurrency);
        let bar: ProgressDisplay | undefined;
        try {
          const summary = await runPredict({
            model,
            records,
            out: options.out,
            maxTokens: options.maxTokens,
            concurrency: options.concurrency,
            ...(options.limit === undefined ? {} : { limit: options.limit }),
            onProgress: ({ total, skipped, written, failed }) => {
              bar ??= progressDisplay({ io, label: "predict", total, skipped });
              bar.update(skipped + written + failed, { written, failed });
            },
          });
          bar?.stop();
          const seconds = summary.elapsedMs / 1000;
          const rate = summary.generatedTokens / Math.max(seconds, 1e-3);
          io.stdout(
            `wrote ${summary.written} predictions` +
              `${summary.skipped ? `, ${summary.skipped} already done` : ""}` +
              `${summary.failed ? `, ${summary.failed} failed` : ""}` +
              ` of ${summary.total} targets in ${seconds.toFixed(1)}s (${rate.toFixed(0)} tokens/s) → ${options.out}\n`,
          );
          for (const failure of summary.failures.slice(0, 5))
            io.stderr(`failed ${failure.id}: ${failure.reason}\n`);
          const left = summary.total - summary.skipped - summary.written - summary.failed;
          if (left > 0) io.stderr(`${left} targets left: rerun the same command to continue\n`);
        } finally {
          bar?.stop();
          await model.close();
        }
      })
      .addHelpText(
        "after",
        `\nExamples:\n  $ ${predictCommand.example}\n` +
          "  $ ttpa predict --model http://gpu1:8000/v1,http://gpu2:8000/v1 --api-key-env VLLM_KEY \\\n" +
          "      --tokenizer /models/Qwen2.5-7B-Instruct --data test.jsonl --out predictions.jsonl --concurrency 32\n" +
          "  $ ttpa eval --data test.jsonl --predictions predictions.jsonl\n",
      );
  },
};
