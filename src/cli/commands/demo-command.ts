import { Command } from "commander";
import type { CommandSpec } from "../command-spec.js";

export const demoCommand: CommandSpec = {
  example: "ttpa demo",
  create(io) {
    return new Command("demo")
      .summary("run the whole TTPA pipeline on the built-in default and print the results table")
      .action(() => {
        io.stdout(
          "ttpa demo: not yet available. The end-to-end pipeline (construct, SFT, TPS, DPO, eval) is being\n" +
            "built; today you can import BFCL data and evaluate predictions (see ttpa --help).\n",
        );
      })
      .addHelpText("after", `\nExample:\n  $ ${demoCommand.example}\n`);
  },
};
