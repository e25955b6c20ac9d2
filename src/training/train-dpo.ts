import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { InputError } from "../errors/input-error.js";
import { writeJsonlAtomic } from "../json/write-jsonl-atomic.js";
import type { PreferencePair } from "../pairs/index.js";
import { loadCheckpointTokenizer } from "./checkpoint-tokenizer.js";
import { encodePairs, REJECTED_SCOPES, type RejectedScope } from "./encode-pairs.js";
import { holdOut } from "./hold-out.js";
import { PAIR_WEIGHTINGS, type PairWeighting, pairWeights } from "./pair-weights.js";
import type { TrainerEvent } from "./run-trainer.js";
import { runTrainingLoop, type TrainingLoopOptions } from "./training-loop.js";

/** The preference losses of the trainer (trainer/dpo.py): a closed set. */
export const DPO_LOSSES = ["sigmoid", "ipo", "esm_margin", "esm_weighted"] as const;
export type DpoLoss = (typeof DPO_LOSSES)[number];

export interface TrainDpoOptions extends TrainingLoopOptions {
  pairs: readonly PreferencePair[];
  /** Held-out pairs for eval metrics. Default: 5% of `pairs` set aside. */
  evalPairs?: readonly PreferencePair[];
  /** The starting checkpoint (usually the SFT model), also the reference model. */
  model: string;
  out: string;
  /** Default `"sigmoid"` (DPO). `esm_margin`/`esm_weighted` use the ESM score gap of each pair. */
  loss?: DpoLoss;
  /** Default 0.1. */
  beta?: number;
  /** esm_margin: margin per unit of score gap. Default 1. */
  marginScale?: number;
  /** How much each training pair counts (pairWeights). Default `"uniform"`. */
  pairWeighting?: PairWeighting;
  /** Which of the rejected call's tokens the loss scores (encode-pairs.ts). Default `"completion"`. */
  rejectedScope?: RejectedScope;
  /** Weight of an SFT term on the chosen completion. Default 0. */
  sftWeight?: number;
  /** Pairs per optimizer step. Default 16. */
  batchSize?: number;
  /** Default 5e-5. */
  lr?: number;
  /** Pairs with a side longer than this are dropped. Default 1024. */
  maxLength?: number;
}

export interface TrainDpoResult {
  checkpoint: string;
  done: TrainerEvent;
  trainPairs: number;
  evalPairs: number;
  dropped: number;
}

/** Preference training: pairs tokenized here with the model's tokenizer, the loss run by the PyTorch trainer. */
export async function trainDpo(options: TrainDpoOptions): Promise<TrainDpoResult> {
  // The trainer runs in the package root: the paths it gets are made absolute here.
  const model = path.resolve(options.model);
  const out = path.resolve(options.out);
  if (!existsSync(path.join(model, "config.json"))) {
    throw new InputError(
      `--model ${options.model}: not a checkpoint folder (no config.json); train one with ttpa train sft`,
    );
  }
  const loss = oneOf(DPO_LOSSES, options.loss ?? "sigmoid", "loss");
  const weighting = oneOf(PAIR_WEIGHTINGS, options.pairWeighting ?? "uniform", "pair weighting");
  const rejectedScope = oneOf(REJECTED_SCOPES, options.rejectedScope ?? "completion", "rejected scope");
  const work = path.join(out, "work");
  await mkdir(work, { recursive: true });
  const seed = options.seed ?? 0;
  const tokenizer = await loadCheckpointTokenizer(model);
  const { train, held } = holdOut(options.pairs, options.evalPairs, seed);
  const maxLength = options.maxLength ?? 1024;
  const trainSet = encodePairs({
    pairs: train,
    tokenizer,
    maxLength,
    rejectedScope,
    ...(weighting === "uniform" ? {} : { weights: pairWeights(train, weighting) }),
  });
  const evalSet = encodePairs({ pairs: held, tokenizer, maxLength, rejectedScope });
  if (trainSet.pairs.length === 0) {
    throw new InputError(
      train.length === 0
        ? "no preference pair to train on"
        : `no usable preference pair: all ${train.length} training pairs are longer than --max-length ${maxLength} tokens; raise it`,
    );
  }
  const trainFile = path.join(work, "pairs-train.jsonl");
  const evalFile = path.join(work, "pairs-eval.jsonl");
  await writeJsonlAtomic(trainFile, trainSet.pairs);
  await writeJsonlAtomic(evalFile, evalSet.pairs);

  const done = await runTrainingLoop(
    [
      "dpo",
      "--model",
      model,
      "--train-file",
      trainFile,
      ...(evalSet.pairs.length > 0 ? ["--eval-file", evalFile] : []),
      "--out",
      out,
      "--dpo-loss",
      loss,
      "--beta",
      String(options.beta ?? 0.1),
      "--margin-scale",
      String(options.marginScale ?? 1),
      "--sft-weight",
      String(options.sftWeight ?? 0),
    ],
    out,
    options,
    5e-5,
  );
  return {
    checkpoint: out,
    done,
    trainPairs: trainSet.pairs.length,
    evalPairs: evalSet.pairs.length,
    dropped: trainSet.dropped + evalSet.dropped,
  };
}

/** `value` when it is one of `known` (a closed set, checked here for callers without types), else an InputError. */
function oneOf<T extends string>(known: readonly T[], value: string, what: string): T {
  if (!(known as readonly string[]).includes(value)) {
    throw new InputError(`unknown ${what} '${value}' (known: ${known.join(", ")})`);
  }
  return value as T;
}
