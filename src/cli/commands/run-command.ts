import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { writeFileAtomic } from "../../json/index.js";
import { writeReport } from "../../report/index.js";
import {
  compareArms,
  formatArmComparisons,
  formatRunResults,
  formatSeedSummary,
  type RunConfig,
  type RunOutcomes,
  type RunResults,
  readRunConfig,
  readRunOutcomes,
  runPipeline,
  type StageProgress,
  summarizeSeeds,
} from "../../run/index.js";
import type { CliIo } from "../cli-io.js";
import type { CommandSpec } from "../command-spec.js";
import { type ProgressDisplay, progressDisplay } from "../progress-display.js";

export const runCommand: CommandSpec = {
  example: "ttpa run my-run.yaml --dir runs/my-run",
  create(io) {
    return new Command("run")
      .summary("run the whole method from a config: construct, split, SFT, sampling, DPO, eval")
      .description(
        "Chains construct → split → SFT → TPS and baseline sampling → DPO per arm → predict and eval per arm " +
          "in one run folder with a manifest.json. A stage whose inputs did not change is skipped on rerun; a " +
          "killed run resumes in the stage it was in. The config (YAML or JSON) overrides the demo's fields.",
      )
      .argument("<config>", "run config, YAML or JSON")
      .requiredOption("--dir <dir>", "run folder")
      .option(
        "--seeds <n>",
        "run N times, seeds seed..seed+N-1, each in DIR/seed-S, and print mean ± sd",
        parseSeeds,
        1,
      )
      .action(async (file: string, options: { dir: string; seeds: number }) => {
        await runAndReport(io, await readRunConfig(file), options.dir, options.seeds);
      })
      .addHelpText(
        "after",
        `\nExamples:\n  $ ${runCommand.example}\n  $ ttpa run my-run.yaml --dir runs/three --seeds 3\n`,
      );
  },
};

/** `--seeds N`: a positive integer. */
export function parseSeeds(value: string): number {
  const seeds = Number(value);
  if (!Number.isInteger(seeds) || seeds < 1) throw new InvalidArgumentError("expected a positive integer");
  return seeds;
}

/**
 * Runs the pipeline (once per seed) with stage lines on stderr, prints the comparison table and
 * writes each run's HTML report; over several seeds also their mean ± sd, kept in DIR/seeds.json;
 * last the arms compared target by target, every seed's targets pooled.
 */
export async function runAndReport(io: CliIo, config: RunConfig, dir: string, seeds = 1): Promise<void> {
  const runs: RunResults[] = [];
  const outcomes: RunOutcomes[] = [];
  for (let index = 0; index < seeds; index++) {
    const seed = config.seed + index;
    const runDir = seeds > 1 ? path.join(dir, `seed-${seed}`) : dir;
    const tag = seeds > 1 ? `seed ${seed}: ` : "";
    const progress = stageProgress(io, tag);
    const results = await runPipeline({
      config: { ...config, seed },
      dir: runDir,
      onStage: (stage, event, seconds) => {
        progress.stop();
        if (event === "start") io.stderr(`${tag}${stage} ...\n`);
        else if (event === "skip") io.stderr(`${tag}${stage}: unchanged, skipped\n`);
        else io.stderr(`${tag}${stage}: done in ${seconds?.toFixed(1)}s\n`);
      },
      onNote: (stage, note) => {
        progress.stop();
        io.stderr(`${tag}${stage}: note: ${note}\n`);
      },
      onProgress: progress.update,
    }).finally(progress.stop);
    const report = await writeReport({ dir: runDir });
    io.stdout(`${tag}\n${formatRunResults(results)}\nrun folder: ${runDir}\nreport: ${report.out}\n`);
    runs.push(results);
    outcomes.push(await readRunOutcomes(runDir, results, config.eval.maxTargets));
  }
  const comparisons = compareArms(outcomes);
  if (seeds > 1) {
    const summary = summarizeSeeds(runs);
    await writeFileAtomic(
      path.join(dir, "seeds.json"),
      `${JSON.stringify({ seeds, summary, comparisons }, null, 2)}\n`,
    );
    io.stdout(`\n${formatSeedSummary(summary, seeds)}\n`);
  }
  io.stdout(`\n${formatArmComparisons(comparisons, seeds)}\n`);
}

/**
 * One progress display at a time, for the stage and unit being counted (a new one when eval moves
 * to its next test set); stopped before any stage line so a terminal bar and the lines do not mix.
 */
function stageProgress(io: CliIo, tag: string) {
  let current: { key: string; display: ProgressDisplay } | undefined;
  const stop = () => {
    current?.display.stop();
    current = undefined;
  };
  return {
    update(stage: string, { unit, done, total, skipped, counts }: StageProgress) {
      const key = `${stage} (${unit})`;
      if (current?.key !== key) {
        stop();
        current = { key, display: progressDisplay({ io, label: `${tag}${key}`, total, skipped }) };
      }
      current.display.update(done, { ...counts });
    },
    stop,
  };
}
