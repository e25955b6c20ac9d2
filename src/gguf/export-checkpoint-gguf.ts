import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { runTrainer } from "../training/index.js";
import { exportGguf } from "./export-gguf.js";

export interface ExportCheckpointGgufOptions {
  /** A Hugging Face checkpoint of gemma3, llama, qwen2 or qwen3 (LoRA merged, as `ttpa train` leaves it). */
  checkpointDir: string;
  outFile: string;
  /** Type of the weight matrices; norms stay f32. */
  dtype: "f32" | "f16" | "bf16" | "q8_0";
}

export interface ExportCheckpointGgufResult {
  readonly outFile: string;
  readonly bytes: number;
  readonly tensorCount: number;
  readonly vocabSize: number;
  /** llama.cpp's tokenizer model and pre-tokenizer written (`gpt2 llama-bpe`, `llama (SentencePiece)`, ...). */
  readonly tokenizer: string;
  /** Which converter wrote it: the built-in TypeScript one (Llama, byte-level BPE) or the trainer's. */
  readonly converter: "typescript" | "trainer";
}

/**
 * Writes a checkpoint as GGUF. ttpa's own Llama checkpoints (byte-level BPE, f32/f16) go through the
 * TypeScript exporter, which needs no Python; every other model (Gemma 3, Qwen 2/3, SentencePiece
 * vocabularies, a model imported from a GGUF, bf16) through the trainer's (trainer/convert/).
 */
export async function exportCheckpointGguf(
  options: ExportCheckpointGgufOptions,
): Promise<ExportCheckpointGgufResult> {
  const { checkpointDir, outFile, dtype } = options;
  if ((dtype === "f32" || dtype === "f16") && (await isPlainLlama(checkpointDir))) {
    const result = await exportGguf({ checkpointDir, outFile, dtype });
    return { ...result, tokenizer: `gpt2 ${result.pre}`, converter: "typescript" };
  }
  const done = await runTrainer({
    args: ["export-gguf", path.resolve(checkpointDir), "--out", path.resolve(outFile), "--dtype", dtype],
  });
  return {
    outFile,
    bytes: Number(done.bytes),
    tensorCount: Number(done.tensors),
    vocabSize: Number(done.vocab_size),
    tokenizer: String(done.tokenizer),
    converter: "trainer",
  };
}

/** A Llama checkpoint with a byte-level BPE tokenizer.json and no carried GGUF vocabulary. */
async function isPlainLlama(dir: string): Promise<boolean> {
  const json = async (file: string): Promise<Record<string, unknown> | undefined> => {
    try {
      return JSON.parse(await readFile(path.join(dir, file), "utf8")) as Record<string, unknown>;
    } catch {
      return undefined; // absent or unreadable: the converter that runs reports it
    }
  };
  const config = await json("config.json");
  const tokenizer = await json("tokenizer.json");
  const model = tokenizer?.model as Record<string, unknown> | undefined;
  return (
    config?.model_type === "llama" &&
    model?.type === "BPE" &&
    model.byte_fallback !== true &&
    !existsSync(path.join(dir, "gguf_tokenizer.json"))
  );
}
