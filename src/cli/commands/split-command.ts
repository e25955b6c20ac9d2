import { mkdir } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { readDataset, splitDataset } from "../../dataset/index.js";
import { writeJsonlAtomic } from "../../json/index.js";
import type { CommandSpec } from "../command-spec.js";
import { parseNonNegativeInt, parseShare } from "../option-parsers.js";

export const splitCommand: CommandSpec = {
  example: "ttpa split --data data.jsonl --out-dir splits --test 0.2 --hold-out-tools 4",
  create(io) {
    return new Command("split")
      .summary("make train/test sets, optionally holding whole tools out of train")
      .description(
        "Writes train.jsonl and test.jsonl; with --hold-out-tools, also test-unseen.jsonl: every record that " +
          "calls a held-out tool, while train never shows those tools at all.",
      )
      .requiredOption("--data <file>", "dataset JSONL")
      .requiredOption("--out-dir <dir>", "folder for train.jsonl, test.jsonl, test-unseen.jsonl")
      .option("--test <share>", "share of seen-tool records that go to test", parseShare, 0.2)
      .option("--hold-out-tools <n|names>", "a number of tools drawn at random, or comma-separated names")
      .option("--seed <n>", "seed", parseNonNegativeInt, 1)
      .action(async (options) => {
        const records = await readDataset(options.data);
        const holdOut: string | undefined = options.holdOutTools;
        const split = splitDataset({
          records,
          testShare: options.test,
          seed: options.seed,
          ...(holdOut === undefined
            ? {}
            : { holdOutTools: /^\d+$/.test(holdOut) ? Number(holdOut) : holdOut.split(",") }),
        });
        const write = (name: string, list: unknown[]) =>
          writeJsonlAtomic(path.join(options.outDir, name), list);
        await mkdir(options.outDir, { recursive: true });
        await write("train.jsonl", split.train);
        await write("test.jsonl", split.test);
        if (split.heldOutTools.length > 0) await write("test-unseen.jsonl", split.testUnseen);
        io.stdout(
          `train ${split.train.length}, test ${split.test.length}` +
            (split.heldOutTools.length > 0
              ? `, test-unseen ${split.testUnseen.length} (held out: ${split.heldOutTools.join(", ")})`
              : "") +
            ` → ${options.outDir}\n`,
        );
      })
      .addHelpText("after", `\nExample:\n  $ ${splitCommand.example}\n`);
  },
};
