/** The training-loop settings every trainer command shares. */
export interface LoopSettings {
  steps: number;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  evalEvery: number;
  resume: boolean;
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
    ...(settings.resume ? ["--resume"] : []),
    ...settings.extraArgs,
  ];
}
