import path from "node:path";
import { runTrainer } from "../training/index.js";

export interface ImportGgufOptions {
  /** A GGUF file of a supported architecture: gemma3, llama, qwen2 or qwen3, any tensor types gguf dequantizes. */
  ggufFile: string;
  /** Directory to write config.json, model.safetensors, tokenizer.json and tokenizer_config.json into. */
  outDir: string;
}

export interface ImportGgufResult {
  readonly outDir: string;
  readonly architecture: string;
  readonly tensorCount: number;
  /** ggml types found in the file (F32, Q4_K, ...), all dequantized. */
  readonly types: readonly string[];
  /** Whether the file had a chat template (written to the tokenizer config). */
  readonly chatTemplate: boolean;
}

/**
 * Converts a GGUF file into a Hugging Face checkpoint with the Python trainer (`python -m trainer
 * import-gguf`, trainer/convert/), which ttpa then trains, predicts with or exports back. The
 * source's tokenizer metadata is kept beside it (gguf_tokenizer.json), so an export gives llama.cpp
 * the same vocabulary. A file the converter refuses rejects with TrainerInputError (one line).
 */
export async function importGguf(options: ImportGgufOptions): Promise<ImportGgufResult> {
  const done = await runTrainer({
    args: ["import-gguf", path.resolve(options.ggufFile), "--out", path.resolve(options.outDir)],
  });
  return {
    outDir: String(done.out),
    architecture: String(done.architecture),
    tensorCount: Number(done.tensors),
    types: (done.types as string[]) ?? [],
    chatTemplate: done.chat_template === true,
  };
}
