import { Command } from "commander";
import { formatRunResults, type RunConfig, readRunConfig, runPipeline } from "../../run/index.js";
import type { CliIo } from "../cli-io.js";
import type { CommandSpec } from "../command-spec.js";

export const runCommand: CommandSpec = {
  example: "ttpa run my-run.yaml --dir runs/my-run",
  create(io) {
    return new Command("run")
      .summary("run the whole method from a config: construct, split, SFT, sampling, DPO, eval")
      .description(
        "Chains construct → split → SFT → TPS and baseline sampling → DPO per arm → predict and eval per arm\n" +
          "in one run folder with a manifest.json. A stage whose inputs did not change is skipped on rerun; a\n" +
          "killed run resumes in the stage it was in. The config (YAML or JSON) overrides the demo's fields.",
      )
      .argument("<config>", "run config, YAML or JSON")
      .requiredOption("--dir <dir>", "run folder")
      .action(async (file: string, options: { dir: string }) => {
        await runAndReport(io, await readRunConfig(file), options.dir);
      })
      .addHelpText("after", `\nExample:\n  $ ${runCommand.example}\n`);
  },
};

/** Runs the pipeline with stage lines on stderr, then prints the comparison table. */
export async function runAndReport(io: CliIo, config: RunConfig, dir: string): Promise<void> {
  const results = await runPipeline({
    config,
    dir,
    onStage: (stage, event, seconds) => {
      if (event === "start") io.stderr(`${stage} ...\n`);
      else if (event === "skip") io.stderr(`${stage}: unchanged, skipped\n`);
      else io.stderr(`${stage}: done in ${seconds?.toFixed(1)}s\n`);
    },
  });
  io.stdout(`${formatRunResults(results)}\nrun folder: ${dir}\n`);
}
