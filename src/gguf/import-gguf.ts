import path from "node:path";
import { runTrainer, writeToolChatFormat } from "../training/index.js";

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
  /**
   * The end-of-turn token when ttpa's tool format was written into the model's own turns (its template
   * has no tools, as Gemma's); undefined when its own template is used as it is.
   */
  readonly toolFormatEos: string | undefined;
}

/**
 * Converts a GGUF file into a Hugging Face checkpoint with the Python trainer (`python -m trainer
 * import-gguf`, trainer/convert/), which ttpa then trains, predicts with or exports back. The
 * source's tokenizer metadata is kept beside it (gguf_tokenizer.json), so an export gives llama.cpp
 * the same vocabulary. A model whose template knows no tools gets ttpa's tool format in its own turns
 * (writeToolChatFormat). A file the converter refuses rejects with TrainerInputError (one line).
 */
export async function importGguf(options: ImportGgufOptions): Promise<ImportGgufResult> {
  const done = await runTrainer({
    args: ["import-gguf", path.resolve(options.ggufFile), "--out", path.resolve(options.outDir)],
  });
  const format = await writeToolChatFormat(String(done.out));
  return {
    outDir: String(done.out),
    architecture: String(done.architecture),
    tensorCount: Number(done.tensors),
    types: (done.types as string[]) ?? [],
    chatTemplate: done.chat_template === true,
    toolFormatEos: format?.eosToken,
  };
}
