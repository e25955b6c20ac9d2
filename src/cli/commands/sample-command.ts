import { Command, InvalidArgumentError, Option } from "commander";
import { readDataset } from "../../dataset/index.js";
import { InputError } from "../../errors/input-error.js";
import { resolveProfile, type ScoringProfile } from "../../esm/index.js";
import { readJsonFile } from "../../json/index.js";
import {
  SamplingOptionError,
  type SamplingRunOptions,
  sampleBaseline,
  sampleTokenLevel,
} from "../../tps/index.js";
import type { CommandSpec } from "../command-spec.js";
import { openModel, withModelOptions } from "../model-options.js";
import { parseNonNegativeInt, parsePositiveInt, parsePositiveNumber, parseShard } from "../option-parsers.js";
import { type ProgressDisplay, progressDisplay } from "../progress-display.js";

export const sampleCommand: CommandSpec = {
  example: "ttpa sample --model model.gguf --data train.jsonl --out pairs.jsonl",
  create(io) {
    return withModelOptions(
      new Command("sample")
        .summary("sample preference pairs from a model's tool calls (token-level or baseline)")
        .description(
          "For every assistant tool-call turn of a dataset, samples the model's calls and scores them against " +
            "the dataset's answer with ESM, then writes chosen/rejected pairs. The tps sampler decodes the " +
            "greedy call with its top-k alternatives, branches where an alternative is real (function name, " +
            "argument keys and value starts first; format positions up to --format-share of --branches) and " +
            "lets the model finish each branch, all branches of a turn in one batch over the shared prompt. " +
            "Chosen is the best on-policy call when it scores >= --threshold, else the dataset's answer; " +
            "rejected are lower-scoring calls, hardest first. The baseline sampler (the authors' ablation) draws " +
            "--samples full calls at --temperature instead. Pairs are appended turn by turn with a progress " +
            "file beside them (OUT.progress.jsonl): rerun the same command to continue after an interruption.",
        )
        .requiredOption(
          "--model <path-or-url>",
          "GGUF file, or http(s) base URL(s) of OpenAI-compatible servers (comma-separated)",
        )
        .requiredOption("--data <file>", "dataset JSONL ({id, tools, messages, meta})")
        .requiredOption("--out <file>", "pair JSONL to append to")
        .addOption(
          new Option("--sampler <kind>", "how candidates are drawn")
            .choices(["tps", "baseline"])
            .default("tps"),
        )
        .option("--top-k <n>", "tps: alternatives looked at per position", parsePositiveInt, 5)
        .option("--min-prob <p>", "tps: least probability of a real alternative", parseProbability, 0.05)
        .option("--branches <n>", "tps: branches per turn", parseNonNegativeInt, 8)
        .option(
          "--format-share <share>",
          "tps: share of --branches format positions may take",
          parseUnitInterval,
          0.25,
        )
        .option(
          "--pairs <n>",
          "pairs per turn at most (default: tps 4, baseline every lower sample)",
          parsePositiveInt,
        )
        .option("--samples <n>", "baseline: full samples per turn", parsePositiveInt, 4)
        .option("--temperature <t>", "baseline: sampling temperature", parsePositiveNumber, 1)
        .option(
          "--threshold <score>",
          "best on-policy score needed to be chosen over the reference (default 0.8)",
          parseUnitInterval,
        )
        .option("--max-tokens <n>", "most tokens per completion", parsePositiveInt, 256)
        .option("--seed <n>", "seed (baseline samples; recorded with every pair)", parseNonNegativeInt, 1)
        .option("--no-stop-at-call-end", "keep generating after the first </tool_call> of a one-call turn")
        .option("--profile <file>", "scoring profile JSON overriding the default weights")
        .addOption(
          new Option("--order <order>", "match parallel calls in any order, or only in order")
            .choices(["free", "enforced"])
            .default("free"),
        )
        .option("--shard <i/n>", "sample only turns i with i % N === I (outputs concatenate)", parseShard)
        .option("--limit <n>", "sample at most N turns in this invocation", parsePositiveInt)
        .option("--concurrency <n>", "turns in flight at once (default: --sequences)", parsePositiveInt)
        .option(
          "--sequences <n>",
          "sequences decoded together (on a small CPU, 1 is often fastest)",
          parsePositiveInt,
          4,
        ),
    )
      .action(async (options) => {
        const records = await readDataset(options.data);
        const profile: ScoringProfile | undefined = options.profile
          ? resolveProfile(await readJsonFile(options.profile), { file: options.profile })
          : undefined;
        const model = await openModel(options.model, options, options.sequences);
        let bar: ProgressDisplay | undefined;
        try {
          const run: SamplingRunOptions = {
            model,
            records,
            out: options.out,
            order: options.order,
            // One turn per sequence keeps each sequence on the turn whose prompt its cache holds.
            concurrency: options.concurrency ?? options.sequences,
            ...(profile ? { profile } : {}),
            ...(options.shard ? { shard: options.shard } : {}),
            ...(options.limit ? { limit: options.limit } : {}),
            onProgress: ({ total, done, pairs, failed }) => {
              bar ??= progressDisplay({ io, label: "sample", total });
              bar.update(done + failed, { pairs, failed });
            },
          };
          const common = {
            maxTokens: options.maxTokens,
            seed: options.seed,
            stopAtCallEnd: options.stopAtCallEnd,
            ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
            ...(options.pairs === undefined ? {} : { pairsPerTurn: options.pairs }),
          };
          const { summary } = await withOptionErrors(() =>
            options.sampler === "baseline"
              ? sampleBaseline({
                  ...run,
                  options: { ...common, samples: options.samples, temperature: options.temperature },
                })
              : sampleTokenLevel({
                  ...run,
                  options: {
                    ...common,
                    topK: options.topK,
                    minProbability: options.minProb,
                    branchBudget: options.branches,
                    formatShare: options.formatShare,
                  },
                }),
          );
          bar?.stop();
          const seconds = summary.elapsedMs / 1000;
          io.stdout(
            `sampled ${summary.done} turns${summary.resumed ? ` (${summary.resumed} already done)` : ""}, ` +
              `${summary.pairs} pairs (${summary.withoutPairs} turns gave none)` +
              `${summary.failed ? `, ${summary.failed} failed` : ""} in ${seconds.toFixed(1)}s; ` +
              `${summary.usage.evaluatedTokens} tokens evaluated, ${summary.usage.reusedTokens} reused → ${options.out}\n`,
          );
          for (const failure of summary.failures.slice(0, 5))
            io.stderr(`failed ${failure.id}: ${failure.reason}\n`);
          if (summary.failed > 0) io.stderr("rerun the same command to retry the failed turns\n");
        } finally {
          bar?.stop();
          await model.close();
        }
      })
      .addHelpText(
        "after",
        `\nExamples:\n  $ ${sampleCommand.example}\n` +
          "  $ ttpa sample --model model.gguf --data train.jsonl --out baseline.jsonl --sampler baseline --samples 4 --temperature 1.0\n" +
          "  $ ttpa sample --model model.gguf --data train.jsonl --out pairs-0.jsonl --shard 0/4 --branches 12 --min-prob 0.02\n" +
          "  $ ttpa sample --model http://gpu1:8000/v1 --tokenizer /models/Qwen2.5-7B-Instruct --data train.jsonl \\\n" +
          "      --out pairs.jsonl --sequences 16\n",
      );
  },
};

async function withOptionErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof SamplingOptionError) throw new InputError(error.message);
    throw error;
  }
}

function parseProbability(text: string): number {
  const value = Number(text);
  if (!(value > 0 && value <= 1))
    throw new InvalidArgumentError(`expected a probability in (0, 1], got '${text}'`);
  return value;
}

function parseUnitInterval(text: string): number {
  const value = Number(text);
  if (!(value >= 0 && value <= 1))
    throw new InvalidArgumentError(`expected a number in [0, 1], got '${text}'`);
  return value;
}
