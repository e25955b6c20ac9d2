import { Command } from "commander";
import { writeReport } from "../../report/index.js";
import type { CommandSpec } from "../command-spec.js";
import { parseNonNegativeInt } from "../option-parsers.js";

export const reportCommand: CommandSpec = {
  example: "ttpa report runs/demo",
  create(io) {
    return new Command("report")
      .summary("write a self-contained HTML report of a run folder: metrics, charts, token-level examples")
      .description(
        "Reads a finished run folder of ttpa run / ttpa demo and writes one HTML file with everything inlined " +
          "(no network): the metrics table per arm and test set, error types per arm, training curves (SFT " +
          "loss; the preference arms' loss, reward margin and accuracy), test targets with the reference's and " +
          "each arm's tokens and the first divergent token marked, and preference pairs with their divergence " +
          "token. Model text is shown as text, never run.",
      )
      .argument("<run-dir>", "run folder (made by ttpa run or ttpa demo)")
      .option("--out <file>", "HTML file to write (default: RUN_DIR/report.html)")
      .option("--examples <n>", "test targets shown per test set", parseNonNegativeInt, 20)
      .option("--pairs <n>", "preference pairs shown per sampler", parseNonNegativeInt, 5)
      .action(async (dir: string, options: { out?: string; examples: number; pairs: number }) => {
        const { out, bytes } = await writeReport({ dir, ...options });
        io.stdout(`wrote ${out} (${(bytes / 1024).toFixed(0)} KiB)\n`);
      })
      .addHelpText(
        "after",
        `\nExamples:\n  $ ${reportCommand.example}\n  $ ttpa report runs/my-run --out my-run.html --examples 50\n`,
      );
  },
};
