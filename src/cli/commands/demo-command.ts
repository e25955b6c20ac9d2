import { Command } from "commander";
import { DEMO_CONFIG, QUICK_CONFIG } from "../../run/index.js";
import type { CommandSpec } from "../command-spec.js";
import { parseSeeds, runAndReport } from "./run-command.js";

export const demoCommand: CommandSpec = {
  example: "ttpa demo",
  create(io) {
    return new Command("demo")
      .summary("run the whole TTPA pipeline on the built-in default and print the comparison table")
      .description(
        "ttpa run on the built-in config: 14 short tools (examples/demo/tools.json), the offline simulator, the " +
          "tiny model trained from scratch, held-out test sets of seen and unseen tools, and three arms (SFT only; " +
          "SFT + DPO on baseline-sampler pairs; SFT + TTPA). About 7 minutes on 2 CPU cores; --quick in about 1.5. " +
          "Writes the run folder, prints the comparison table and writes DIR/report.html.",
      )
      .option("--quick", "fewer conversations, steps and targets, as CI runs it")
      .option("--dir <dir>", "run folder", "runs/demo")
      .option(
        "--seeds <n>",
        "run N seeds (1, 2, ...), each in DIR/seed-S, and print mean ± sd",
        parseSeeds,
        1,
      )
      .action(async (options: { quick?: boolean; dir: string; seeds: number }) => {
        await runAndReport(
          io,
          options.quick ? QUICK_CONFIG : DEMO_CONFIG,
          options.quick ? `${options.dir}-quick` : options.dir,
          options.seeds,
        );
      })
      .addHelpText(
        "after",
        `\nExamples:\n  $ ${demoCommand.example}\n  $ ttpa demo --quick\n  $ ttpa demo --seeds 3\n`,
      );
  },
};
