import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { exportGguf } from "../../gguf/index.js";
import {
  type TinyLlamaCheckpoint,
  type TinyLlamaOptions,
  writeTinyLlamaCheckpoint,
} from "../../gguf/test-support/index.js";

export interface TinyGgufModel {
  readonly dir: string;
  readonly checkpoint: TinyLlamaCheckpoint;
  readonly modelPath: string;
  cleanup(): Promise<void>;
}

/** A tiny random Llama checkpoint exported to GGUF in a fresh temp directory, for backend tests and benchmarks. */
export async function createTinyGgufModel(
  options: Omit<TinyLlamaOptions, "dir"> & { ggufDtype?: "f32" | "f16" } = {},
): Promise<TinyGgufModel> {
  const dir = await mkdtemp(path.join(tmpdir(), "ttpa-model-"));
  const { ggufDtype = "f32", ...checkpointOptions } = options;
  const checkpoint = await writeTinyLlamaCheckpoint({
    ...checkpointOptions,
    dir: path.join(dir, "checkpoint"),
  });
  const modelPath = path.join(dir, `model-${ggufDtype}.gguf`);
  await exportGguf({ checkpointDir: checkpoint.dir, outFile: modelPath, dtype: ggufDtype });
  return { dir, checkpoint, modelPath, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
