import { availableParallelism } from "node:os";
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
        "ttpa run on the built-in config: Gemma 3 270M (installed by scripts/setup.sh from its PyPI package; " +
          "Gemma Terms of Use) with LoRA, conversations built by the offline simulator over 2000 synthesized " +
          "tools (none named like a BFCL function), and four arms: the base model prompted with the tool format, " +
          "SFT, SFT + DPO on baseline-sampler pairs, SFT + TTPA (token-level pairs chosen by ESM, DPO loss). Each arm is " +
          "tested on held-out conversations of seen and unseen tools and on samples of five BFCL categories. " +
          "About 40-65 minutes on 2 CPU cores (measured on two machines, README: the demo). --quick: the 0.6M-parameter tiny model trained " +
          "from scratch on 14 short tools, three arms, no BFCL, about 1.5 minutes (CI). Writes the run folder, " +
          "prints the comparison table and writes DIR/report.html; rerun the same command to resume a killed run.",
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
          // The demo runs alone, and a 270M model's prompts are compute-bound: every core (1.7x over one of two).
          options.quick ? QUICK_CONFIG : { ...DEMO_CONFIG, threads: availableParallelism() },
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
