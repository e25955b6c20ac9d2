import { Command, Option } from "commander";
import { evalTargets, readDataset } from "../../dataset/index.js";
import { resolveProfile } from "../../esm/index.js";
import { evaluate, formatEvalReport } from "../../eval/index.js";
import { readJsonFile, readJsonl, writeFileAtomic } from "../../json/index.js";
import type { CommandSpec } from "../command-spec.js";

export const evalCommand: CommandSpec = {
  example: "ttpa eval --data test.jsonl --predictions predictions.jsonl --json eval.json",
  create(io) {
    return new Command("eval")
      .summary("score predictions against a dataset: accuracy, mean ESM score, error breakdown")
      .description(
        "Scores a predictions file ({id, output} per line; output is raw model text or an OpenAI assistant " +
          "message) against a dataset. Prints accuracy, mean ESM score and the count and share of each " +
          "error type, per category when the dataset has categories. Unusable prediction lines are " +
          "reported with their line numbers; targets without a prediction count as incorrect.",
      )
      .requiredOption("--data <file>", "dataset JSONL ({id, tools, messages, meta})")
      .requiredOption("--predictions <file>", "predictions JSONL ({id, output})")
      .addOption(
        new Option(
          "--mode <mode>",
          "what counts as correct: BFCL's AST checker, or an ESM score with no error",
        )
          .choices(["bfcl", "esm"])
          .default("bfcl"),
      )
      .addOption(
        new Option("--order <order>", "match parallel calls in any order, or only in order")
          .choices(["free", "enforced"])
          .default("free"),
      )
      .option("--profile <file>", "scoring profile JSON overriding the default weights")
      .option("--json <file>", "also write the full report (with per-target results) as JSON")
      .action(async (options) => {
        const records = await readDataset(options.data);
        const { entries, problems } = await readJsonl(options.predictions, { onBadLine: "collect" });
        const profile = options.profile
          ? resolveProfile(await readJsonFile(options.profile), { file: options.profile })
          : undefined;
        const report = evaluate({
          targets: records.flatMap(evalTargets),
          predictions: entries,
          problems,
          mode: options.mode,
          order: options.order,
          ...(profile ? { profile } : {}),
        });
        io.stdout(`${formatEvalReport(report)}\n`);
        if (options.json) {
          await writeFileAtomic(options.json, `${JSON.stringify(report, null, 2)}\n`);
          io.stdout(`wrote ${options.json}\n`);
        }
      })
      .addHelpText("after", `\nExample:\n  $ ${evalCommand.example}\n`);
  },
};
