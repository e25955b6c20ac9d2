import { Command } from "commander";
import { DEMO_CONFIG, QUICK_CONFIG } from "../../run/index.js";
import type { CommandSpec } from "../command-spec.js";
import { runAndReport } from "./run-command.js";

export const demoCommand: CommandSpec = {
  example: "ttpa demo",
  create(io) {
    return new Command("demo")
      .summary("run the whole TTPA pipeline on the built-in default and print the comparison table")
      .description(
        "ttpa run on the built-in config: the example toolsets, the offline simulator, the small model trained\n" +
          "from scratch, held-out test sets of seen and unseen tools, and three arms (SFT only; SFT + DPO on\n" +
          "baseline-sampler pairs; SFT + TTPA). --quick uses the tiny model and fewer of everything.",
      )
      .option("--quick", "a few-minute preset (tiny model), as CI runs it")
      .option("--dir <dir>", "run folder", "runs/demo")
      .action(async (options: { quick?: boolean; dir: string }) => {
        await runAndReport(
          io,
          options.quick ? QUICK_CONFIG : DEMO_CONFIG,
          options.quick ? `${options.dir}-quick` : options.dir,
        );
      })
      .addHelpText("after", `\nExamples:\n  $ ${demoCommand.example}\n  $ ttpa demo --quick\n`);
  },
};
