import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { LossOn } from "../chat-template/index.js";
import type { DatasetRecord } from "../dataset/dataset-record.js";
import { InputError } from "../errors/input-error.js";
import { writeJsonlAtomic } from "../json/write-jsonl-atomic.js";
import type { TextTokenizer } from "../tokenizer/index.js";
import { buildTokenizer } from "./build-tokenizer.js";
import { loadCheckpointTokenizer } from "./checkpoint-tokenizer.js";
import { encodeDataset } from "./encode-dataset.js";
import { holdOut } from "./hold-out.js";
import { runTrainer, type TrainerEvent } from "./run-trainer.js";
import { runTrainingLoop, type TrainingLoopOptions } from "./training-loop.js";

/** Size presets of the trainer's own Llama model (trainer/model.py). */
export const MODEL_PRESETS = ["tiny", "small"] as const;

export interface TrainSftOptions extends TrainingLoopOptions {
  /** Training conversations. */
  records: readonly DatasetRecord[];
  /** Held-out conversations for eval loss. Default: 5% of `records` (at least one), set aside. */
  evalRecords?: readonly DatasetRecord[];
  /**
   * A preset (`tiny`, `small`) trained from scratch with a tokenizer learned here, or a checkpoint
   * folder (relative to the working directory, like `out`).
   */
  model: string;
  /** Output folder: the trained checkpoint at its root, checkpoints/ and the trainer's inputs in work/. */
  out: string;
  /** Global batch in conversations. Default 16. */
  batchSize?: number;
  /** Peak learning rate. Default 1e-3 for presets trained from scratch, 1e-4 for checkpoints. */
  lr?: number;
  /** Tokenizer size for presets. Default 2048. */
  vocabSize?: number;
  /** Conversations are cut to this many tokens. Default 1024. */
  maxLength?: number;
  /** Default `"assistant"`. */
  lossOn?: LossOn;
}

export interface TrainSftResult {
  /** The trained checkpoint folder (= `out`). */
  checkpoint: string;
  done: TrainerEvent;
  trainExamples: number;
  evalExamples: number;
  truncated: number;
}

/**
 * Supervised fine-tuning from the TypeScript side: text is handled here (tokenizer, chat template,
 * loss masks) and token ids go to the PyTorch trainer, whose events stream back through `onEvent`
 * and into `out/metrics.jsonl`.
 */
export async function trainSft(options: TrainSftOptions): Promise<TrainSftResult> {
  // The trainer runs in the package root: every path it gets is made absolute here.
  const out = path.resolve(options.out);
  const work = path.join(out, "work");
  await mkdir(work, { recursive: true });
  const seed = options.seed ?? 0;
  const { train, held } = holdOut(options.records, options.evalRecords, seed);
  const isPreset = (MODEL_PRESETS as readonly string[]).includes(options.model);
  const model = isPreset ? options.model : path.resolve(options.model);
  if (!isPreset && !existsSync(path.join(model, "config.json"))) {
    throw new InputError(
      `--model ${options.model}: neither a preset (${MODEL_PRESETS.join(", ")}) nor a checkpoint folder with config.json`,
    );
  }

  let base = model;
  let tokenizer: TextTokenizer;
  if (isPreset) {
    const tokenizerDir = path.join(work, "tokenizer");
    tokenizer = await buildTokenizer({
      records: train,
      vocabSize: options.vocabSize ?? 2048,
      dir: tokenizerDir,
    });
    base = path.join(work, "init");
    if (!existsSync(path.join(base, "config.json"))) {
      await runTrainer({
        args: [
          "init",
          "--preset",
          options.model,
          "--vocab-size",
          String(tokenizer.vocabSize),
          "--seed",
          String(seed),
          "--out",
          base,
          "--max-position-embeddings",
          String(options.maxLength ?? 1024),
          ...specialTokenArgs(tokenizer),
          "--tokenizer",
          path.join(tokenizerDir, "tokenizer.json"),
          path.join(tokenizerDir, "tokenizer_config.json"),
        ],
      });
    }
  } else {
    tokenizer = await loadCheckpointTokenizer(model);
  }

  const encode = (records: readonly DatasetRecord[]) =>
    encodeDataset({
      records,
      tokenizer,
      lossOn: options.lossOn ?? "assistant",
      maxLength: options.maxLength ?? 1024,
    });
  const trainSet = encode(train);
  const evalSet = encode(held);
  if (trainSet.examples.length === 0)
    throw new InputError("no training example carries loss: is there any assistant turn?");
  const trainFile = path.join(work, "train.jsonl");
  const evalFile = path.join(work, "eval.jsonl");
  await writeJsonlAtomic(trainFile, trainSet.examples);
  await writeJsonlAtomic(evalFile, evalSet.examples);

  const done = await runTrainingLoop(
    ["sft", "--model", base, "--train-file", trainFile, "--eval-file", evalFile, "--out", out],
    out,
    options,
    isPreset ? 1e-3 : 1e-4,
  );
  return {
    checkpoint: out,
    done,
    trainExamples: trainSet.examples.length,
    evalExamples: evalSet.examples.length,
    truncated: trainSet.truncated + evalSet.truncated,
  };
}

function specialTokenArgs(tokenizer: TextTokenizer): string[] {
  const args: string[] = [];
  for (const [flag, token] of [
    ["--bos-token-id", tokenizer.bosToken],
    ["--eos-token-id", tokenizer.eosToken],
    ["--pad-token-id", tokenizer.padToken],
  ] as const) {
    const id = token === undefined ? undefined : tokenizer.tokenToId(token);
    if (id !== undefined) args.push(flag, String(id));
  }
  return args;
}
