import path from "node:path";
import { runTrainer, type TrainerEvent } from "./run-trainer.js";

/** The trainer's `--device` choices (trainer/loop.py TrainConfig). */
export const TRAINER_DEVICES = ["auto", "cpu", "cuda"] as const;
/** The trainer's `--precision` choices (trainer/loop.py TrainConfig.precision says what auto picks). */
export const TRAINER_PRECISIONS = ["auto", "fp32", "bf16"] as const;
/** The trainer's `--backend` choices: the model code, transformers when installed or the built-in Llama. */
export const TRAINER_BACKENDS = ["auto", "native", "transformers"] as const;

/** LoRA adapters instead of training all weights (needs transformers and peft beside torch). */
export interface LoraSettings {
  /** Rank, > 0. */
  rank: number;
  /** The update is scaled by alpha / rank. Default 16. */
  alpha?: number;
  /** Default 0.05. */
  dropout?: number;
  /** Module names that get adapters. Default: the attention and MLP projections of Llama-style models. */
  targets?: readonly string[];
  /**
   * Learning rate of the end-of-turn token's embedding row (the model folder's `eos_token`), as a
   * multiple of the run's; 0 = adapters only. Default 30: a pretrained, not instruction-tuned,
   * model never saw that token, and without its row trained it does not learn to stop.
   */
  endOfTurnLr?: number;
}

/** Where and how the trainer runs: settings of trainer/loop.py that `trainSft` and `trainDpo` share. */
export interface TrainerSettings {
  /** Default "auto": CUDA when torch sees a GPU. */
  device?: (typeof TRAINER_DEVICES)[number];
  /** Default "auto". */
  precision?: (typeof TRAINER_PRECISIONS)[number];
  /** Default "auto". */
  backend?: (typeof TRAINER_BACKENDS)[number];
  /** Examples per forward pass on one process (gradient accumulation below the batch). Default: the process's whole share. */
  microBatchSize?: number;
  /** Default: none, all weights trained. */
  lora?: LoraSettings;
}

/** The training-loop options that `trainSft` and `trainDpo` share (trainer/loop.py TrainConfig). */
export interface TrainingLoopOptions extends TrainerSettings {
  /** Optimizer steps; 0 = one pass per `epochs`. Default 0. */
  steps?: number;
  /** Default 1. */
  epochs?: number;
  /** Examples per optimizer step over all processes. Default 16. */
  batchSize?: number;
  /** Peak learning rate. Default: the command's own. */
  lr?: number;
  /** Processes (DDP through torchrun). Default 1. */
  nproc?: number;
  /** Default 0. */
  seed?: number;
  /** Eval every N steps (and at the end). Default 0: at the end only. */
  evalEvery?: number;
  /** Checkpoint every N steps (and at the end), for `resume`. Default 0: at the end only. */
  checkpointEvery?: number;
  /** Continue from the newest checkpoint in the output folder. */
  resume?: boolean;
  /** Further trainer flags, appended last so that they override, e.g. `["--warmup-steps", "10"]`. */
  extraArgs?: string[];
  onEvent?: (event: TrainerEvent) => void;
}

/**
 * Runs the trainer on `commandArgs` (`["sft", "--model", ...]`) followed by the loop flags of
 * `options` (device, precision, model code and LoRA only when set, so the trainer's defaults apply
 * otherwise), with its events in `out/metrics.jsonl`. Resolves with the `done` event.
 */
export function runTrainingLoop(
  commandArgs: readonly string[],
  out: string,
  options: TrainingLoopOptions,
  defaultLr: number,
): Promise<TrainerEvent> {
  return runTrainer({
    args: [
      ...commandArgs,
      "--steps",
      String(options.steps ?? 0),
      "--epochs",
      String(options.epochs ?? 1),
      "--batch-size",
      String(options.batchSize ?? 16),
      "--lr",
      String(options.lr ?? defaultLr),
      "--seed",
      String(options.seed ?? 0),
      "--eval-every",
      String(options.evalEvery ?? 0),
      "--checkpoint-every",
      String(options.checkpointEvery ?? 0),
      ...(options.resume ? ["--resume"] : []),
      ...trainerSettingArgs(options),
      ...(options.extraArgs ?? []),
    ],
    nproc: options.nproc ?? 1,
    metricsFile: path.join(out, "metrics.jsonl"),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
}

function trainerSettingArgs(settings: TrainerSettings): string[] {
  const args: string[] = [];
  const add = (flag: string, value: string | number | undefined) => {
    if (value !== undefined) args.push(flag, String(value));
  };
  add("--device", settings.device);
  add("--precision", settings.precision);
  add("--backend", settings.backend);
  add("--micro-batch-size", settings.microBatchSize);
  if (settings.lora !== undefined) {
    add("--lora-r", settings.lora.rank);
    add("--lora-alpha", settings.lora.alpha);
    add("--lora-dropout", settings.lora.dropout);
    add("--lora-targets", settings.lora.targets?.join(","));
    add("--lora-end-of-turn-lr", settings.lora.endOfTurnLr);
  }
  return args;
}
