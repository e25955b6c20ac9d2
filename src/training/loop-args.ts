/** The trainer's `--device` choices (trainer/loop.py TrainConfig). */
export const TRAINER_DEVICES = ["auto", "cpu", "cuda"] as const;
/** The trainer's `--precision` choices: auto is bf16 autocast on a GPU that has it, else fp32. */
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

/** The training-loop settings every trainer command shares. */
export interface LoopSettings {
  steps: number;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  evalEvery: number;
  /** Checkpoint every N steps (and at the end); 0 = at the end only. */
  checkpointEvery: number;
  resume: boolean;
  /** Device, precision, model code, LoRA: passed only when set, so the trainer's defaults apply otherwise. */
  trainer?: TrainerSettings;
  /** Appended last, so they override anything before them. */
  extraArgs: readonly string[];
}

/** The trainer flags of the shared loop (trainer/loop.py TrainConfig), for `sft` and `dpo` alike. */
export function loopArgs(settings: LoopSettings): string[] {
  return [
    "--steps",
    String(settings.steps),
    "--epochs",
    String(settings.epochs),
    "--batch-size",
    String(settings.batchSize),
    "--lr",
    String(settings.lr),
    "--seed",
    String(settings.seed),
    "--eval-every",
    String(settings.evalEvery),
    "--checkpoint-every",
    String(settings.checkpointEvery),
    ...(settings.resume ? ["--resume"] : []),
    ...trainerSettingArgs(settings.trainer ?? {}),
    ...settings.extraArgs,
  ];
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
  }
  return args;
}
