import { Command, InvalidArgumentError, Option } from "commander";
import { readDataset } from "../../dataset/index.js";
import { InputError } from "../../errors/input-error.js";
import { readPairs } from "../../pairs/index.js";
import {
  DPO_LOSSES,
  MODEL_PRESETS,
  PAIR_WEIGHTINGS,
  REJECTED_SCOPES,
  TRAINER_BACKENDS,
  TRAINER_DEVICES,
  TRAINER_PRECISIONS,
  type TrainerEvent,
  type TrainerSettings,
  trainDpo,
  trainSft,
} from "../../training/index.js";
import type { CliIo } from "../cli-io.js";
import type { CommandSpec } from "../command-spec.js";
import {
  parseNonNegativeInt,
  parseNonNegativeNumber,
  parsePositiveInt,
  parsePositiveNumber,
} from "../option-parsers.js";
import { progressDisplay } from "../progress-display.js";

export const trainCommand: CommandSpec = {
  example: "ttpa train sft --data splits/train.jsonl --model small --out runs/sft",
  create(io) {
    const command = new Command("train").summary("train a model with PyTorch (sft, dpo)");
    const sft = command
      .command("sft")
      .description(
        "Supervised fine-tuning. With a preset (tiny, small) a Llama-architecture model and a byte-level BPE " +
          "tokenizer are made from scratch; with a checkpoint folder (a Hugging Face Llama checkpoint with " +
          "tokenizer.json) training continues from it. Loss is on assistant turns. The result is a Hugging Face " +
          "checkpoint in --out, with metrics.jsonl beside it. Needs python3 with torch (scripts/setup.sh installs it).",
      )
      .requiredOption("--data <file>", "training dataset JSONL")
      .requiredOption("--model <preset|dir>", `a preset (${MODEL_PRESETS.join(", ")}) or a checkpoint folder`)
      .requiredOption("--out <dir>", "output checkpoint folder")
      .option("--eval-data <file>", "held-out dataset for eval loss (default: 5% of --data)")
      .option("--steps <n>", "optimizer steps (0: one pass per --epochs)", parseNonNegativeInt, 0)
      .option("--epochs <n>", "passes over the data when --steps is 0", Number, 1)
      .option("--batch-size <n>", "conversations per optimizer step", parsePositiveInt, 16)
      .option(
        "--lr <rate>",
        "peak learning rate (default: 1e-3 from scratch, 1e-4 from a checkpoint)",
        Number,
      )
      .option("--vocab-size <n>", "tokenizer size for presets", parsePositiveInt, 2048)
      .option("--max-length <n>", "tokens per conversation (longer ones are cut)", parsePositiveInt, 1024)
      .addOption(
        new Option("--loss-on <turns>", "which assistant turns carry loss")
          .choices(["assistant", "tool_calls"])
          .default("assistant"),
      );
    addTrainerOptions(sft)
      .action(async (options) => {
        const settings = trainerSettings(options);
        const records = await readDataset(options.data);
        const evalRecords = options.evalData ? await readDataset(options.evalData) : undefined;
        const display = trainingDisplay(io, "sft");
        const result = await trainSft({
          records,
          ...(evalRecords ? { evalRecords } : {}),
          model: options.model,
          out: options.out,
          steps: options.steps,
          epochs: options.epochs,
          batchSize: options.batchSize,
          ...(options.lr === undefined ? {} : { lr: options.lr }),
          vocabSize: options.vocabSize,
          maxLength: options.maxLength,
          lossOn: options.lossOn,
          nproc: options.nproc,
          evalEvery: options.evalEvery,
          checkpointEvery: options.checkpointEvery,
          seed: options.seed,
          resume: Boolean(options.resume),
          ...settings,
          onEvent: display.onEvent,
        });
        display.stop();
        const done = result.done;
        io.stdout(
          `trained ${done.step} steps on ${result.trainExamples} conversations (${result.evalExamples} held out` +
            `${result.truncated ? `, ${result.truncated} cut to --max-length` : ""}): loss ${Number(done.loss).toFixed(4)}, ` +
            `eval loss ${Number(done.eval_loss).toFixed(4)} → ${result.checkpoint}\n`,
        );
      })
      .addHelpText(
        "after",
        `\nExamples:\n  $ ${trainCommand.example}\n  $ ttpa train sft --data train.jsonl --model small --out runs/sft --nproc 2\n` +
          "  $ ttpa train sft --data train.jsonl --model /models/Llama-3.1-8B-Instruct --out runs/sft \\\n" +
          "      --lora-r 16 --lora-alpha 32 --micro-batch-size 2 --precision bf16 --nproc 8\n",
      );
    const dpo = command
      .command("dpo")
      .description(
        "Preference training on pairs from ttpa sample: DPO (sigmoid), IPO, or the ESM-aware variants " +
          "(esm_margin: the margin grows with the ESM score gap; esm_weighted: pairs weighted by it). The " +
          "starting checkpoint is also the reference model; only the compared assistant call carries loss.",
      )
      .requiredOption("--pairs <file>", "preference pairs JSONL (ttpa sample)")
      .requiredOption("--model <dir>", "starting checkpoint, e.g. the SFT model")
      .requiredOption("--out <dir>", "output checkpoint folder")
      .option("--eval-pairs <file>", "held-out pairs (default: 5% of --pairs)")
      .addOption(new Option("--loss <loss>", "preference loss").choices([...DPO_LOSSES]).default("sigmoid"))
      .option("--beta <beta>", "strength of the pull towards the reference", Number, 0.1)
      .option("--margin-scale <gamma>", "esm_margin: margin per unit of score gap", Number, 1)
      .addOption(
        new Option(
          "--pair-weights <weighting>",
          "how much each pair counts (error_balanced: each kind of rejected error alike)",
        )
          .choices([...PAIR_WEIGHTINGS])
          .default("uniform"),
      )
      .addOption(
        new Option(
          "--rejected-scope <scope>",
          "rejected tokens the loss scores (divergence: up to where it leaves chosen)",
        )
          .choices([...REJECTED_SCOPES])
          .default("completion"),
      )
      .option("--sft-weight <alpha>", "weight of an SFT term on the chosen call", Number, 0)
      .option("--steps <n>", "optimizer steps (0: one pass per --epochs)", parseNonNegativeInt, 0)
      .option("--epochs <n>", "passes over the pairs when --steps is 0", Number, 1)
      .option("--batch-size <n>", "pairs per optimizer step", parsePositiveInt, 16)
      .option("--lr <rate>", "peak learning rate", Number, 5e-5)
      .option("--max-length <n>", "pairs with a longer side are dropped", parsePositiveInt, 1024);
    addTrainerOptions(dpo)
      .action(async (options) => {
        const settings = trainerSettings(options);
        const pairs = await readPairs(options.pairs);
        const evalPairs = options.evalPairs ? await readPairs(options.evalPairs) : undefined;
        const display = trainingDisplay(io, "dpo");
        const result = await trainDpo({
          pairs,
          ...(evalPairs ? { evalPairs } : {}),
          model: options.model,
          out: options.out,
          loss: options.loss,
          beta: options.beta,
          marginScale: options.marginScale,
          pairWeighting: options.pairWeights,
          rejectedScope: options.rejectedScope,
          sftWeight: options.sftWeight,
          steps: options.steps,
          epochs: options.epochs,
          batchSize: options.batchSize,
          lr: options.lr,
          maxLength: options.maxLength,
          nproc: options.nproc,
          evalEvery: options.evalEvery,
          checkpointEvery: options.checkpointEvery,
          seed: options.seed,
          resume: Boolean(options.resume),
          ...settings,
          onEvent: display.onEvent,
        });
        display.stop();
        const done = result.done;
        io.stdout(
          `trained ${done.step} steps on ${result.trainPairs} pairs (${result.evalPairs} held out` +
            `${result.dropped ? `, ${result.dropped} dropped as too long` : ""}): loss ${Number(done.loss).toFixed(4)}, ` +
            `held-out reward margin ${Number(done["eval_rewards/margins"]).toFixed(4)} → ${result.checkpoint}\n`,
        );
      })
      .addHelpText(
        "after",
        "\nExample:\n  $ ttpa train dpo --pairs pairs.jsonl --model runs/sft --out runs/dpo --loss esm_margin\n",
      );
    return command;
  },
};

/** The training-loop flags and those for where and how the trainer runs (trainer/loop.py), the same for sft and dpo. */
function addTrainerOptions(command: Command): Command {
  return command
    .option("--nproc <n>", "processes (DistributedDataParallel via torchrun)", parsePositiveInt, 1)
    .option(
      "--eval-every <n>",
      "evaluate on the held-out data every N steps (and at the end)",
      parseNonNegativeInt,
      0,
    )
    .option("--checkpoint-every <n>", "checkpoint every N steps (and at the end)", parseNonNegativeInt, 0)
    .option("--seed <n>", "seed", parseNonNegativeInt, 0)
    .option("--resume", "continue from the newest checkpoint in --out")
    .addOption(
      new Option("--device <device>", "where to train (auto: CUDA when torch sees a GPU)")
        .choices([...TRAINER_DEVICES])
        .default("auto"),
    )
    .addOption(
      new Option(
        "--precision <precision>",
        "auto: bf16 autocast on a GPU that has it, and for LoRA on a CPU with AVX512-BF16 or AMX; else fp32",
      )
        .choices([...TRAINER_PRECISIONS])
        .default("auto"),
    )
    .addOption(
      new Option(
        "--backend <code>",
        "model code (auto: transformers when installed, else the built-in Llama)",
      )
        .choices([...TRAINER_BACKENDS])
        .default("auto"),
    )
    .option(
      "--micro-batch-size <n>",
      "examples per forward pass on one process; smaller than its share of --batch-size accumulates gradients",
      parsePositiveInt,
    )
    .option(
      "--lora-r <rank>",
      "train LoRA adapters of this rank instead of all weights (needs peft)",
      parsePositiveInt,
    )
    .option(
      "--lora-alpha <alpha>",
      "LoRA: the update is scaled by alpha / rank (default 16)",
      parsePositiveNumber,
    )
    .option("--lora-dropout <p>", "LoRA: dropout (default 0.05)", parseDropout)
    .option(
      "--lora-targets <names>",
      "LoRA: comma-separated module names that get adapters (default: attention and MLP projections)",
    )
    .option(
      "--lora-end-of-turn-lr <x>",
      "LoRA: also train the end-of-turn token's embedding row, at X times the learning rate; " +
        "a pretrained (not instruction-tuned) model needs it to learn to stop; 0 = adapters only (default 30)",
      parseNonNegativeNumber,
    );
}

/** The TrainerSettings the flags of addTrainerOptions give; LoRA details without --lora-r are refused. */
function trainerSettings(options: Record<string, unknown>): TrainerSettings {
  const settings: TrainerSettings = {
    device: options.device as TrainerSettings["device"],
    precision: options.precision as TrainerSettings["precision"],
    backend: options.backend as TrainerSettings["backend"],
    ...(options.microBatchSize === undefined ? {} : { microBatchSize: Number(options.microBatchSize) }),
  };
  const loraDetail = (["loraAlpha", "loraDropout", "loraTargets", "loraEndOfTurnLr"] as const).find(
    (key) => options[key] !== undefined,
  );
  if (options.loraR === undefined) {
    if (loraDetail !== undefined) {
      const flag = `--${loraDetail.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      throw new InputError(`${flag} needs --lora-r (the LoRA rank)`);
    }
    return settings;
  }
  settings.lora = {
    rank: Number(options.loraR),
    ...(options.loraAlpha === undefined ? {} : { alpha: Number(options.loraAlpha) }),
    ...(options.loraDropout === undefined ? {} : { dropout: Number(options.loraDropout) }),
    ...(options.loraEndOfTurnLr === undefined ? {} : { endOfTurnLr: Number(options.loraEndOfTurnLr) }),
    ...(typeof options.loraTargets === "string"
      ? { targets: options.loraTargets.split(",").map((name) => name.trim()) }
      : {}),
  };
  return settings;
}

function parseDropout(text: string): number {
  const value = Number(text);
  if (!(value >= 0 && value < 1))
    throw new InvalidArgumentError(`expected a probability in [0, 1), got '${text}'`);
  return value;
}

/** Progress of a trainer run: a bar over its steps, eval results as lines. */
function trainingDisplay(io: CliIo, label: string) {
  let bar: ReturnType<typeof progressDisplay> | undefined;
  return {
    onEvent(event: TrainerEvent) {
      if (event.event === "start" && typeof event.steps === "number") {
        bar = progressDisplay({ io, label, total: event.steps });
      } else if (event.event === "step" && bar) {
        bar.update(Number(event.step), { loss: Number(event.loss).toFixed(3) });
      } else if (event.event === "eval") {
        io.stderr(`eval at step ${event.step}: loss ${Number(event.eval_loss).toFixed(4)}\n`);
      }
    },
    stop: () => bar?.stop(),
  };
}
