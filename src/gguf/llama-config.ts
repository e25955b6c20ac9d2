import { readFile } from "node:fs/promises";
import path from "node:path";
import { CheckpointError } from "./checkpoint-error.js";

/** RoPE frequency scaling that llama.cpp reproduces for the Llama architecture. */
export type LlamaRopeScaling =
  | { readonly type: "linear"; readonly factor: number }
  | {
      readonly type: "llama3";
      readonly factor: number;
      readonly lowFreqFactor: number;
      readonly highFreqFactor: number;
      readonly originalContextLength: number;
    };

/** The fields of a `LlamaForCausalLM` config.json that the GGUF export needs. */
export interface LlamaConfig {
  readonly hiddenSize: number;
  readonly intermediateSize: number;
  readonly layers: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly rmsNormEps: number;
  readonly ropeTheta: number;
  readonly contextLength: number;
  readonly vocabSize: number;
  readonly tieWordEmbeddings: boolean;
  readonly ropeScaling: LlamaRopeScaling | undefined;
  readonly bosTokenId: number | undefined;
  /** config.json may list several end tokens; the first is the primary one. */
  readonly eosTokenIds: readonly number[];
}

/** Reads and checks `config.json` of a Hugging Face Llama checkpoint. */
export async function readLlamaConfig(checkpointDir: string): Promise<LlamaConfig> {
  const file = path.join(checkpointDir, "config.json");
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new CheckpointError({ file, problem: `cannot read it as JSON (${(error as Error).message})` });
  }
  return parseLlamaConfig(raw, file);
}

export function parseLlamaConfig(raw: Record<string, unknown>, file: string): LlamaConfig {
  const integer = (field: string, fallback?: number): number => {
    const value = raw[field] ?? fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
      throw new CheckpointError({
        file,
        field,
        problem: `expected a positive integer, found ${JSON.stringify(value)}`,
      });
    }
    return value;
  };
  const number = (field: string, fallback: number): number => {
    const value = raw[field] ?? fallback;
    if (typeof value !== "number" || !(value > 0)) {
      throw new CheckpointError({
        file,
        field,
        problem: `expected a positive number, found ${JSON.stringify(value)}`,
      });
    }
    return value;
  };
  const architectures = raw.architectures;
  if (!Array.isArray(architectures) || !architectures.includes("LlamaForCausalLM")) {
    throw new CheckpointError({
      file,
      field: "architectures",
      problem: `${JSON.stringify(architectures)} is not LlamaForCausalLM; only Llama-architecture checkpoints are exported (use llama.cpp's convert_hf_to_gguf.py for others)`,
    });
  }
  const activation = raw.hidden_act ?? "silu";
  if (activation !== "silu") {
    throw new CheckpointError({
      file,
      field: "hidden_act",
      problem: `${JSON.stringify(activation)} is not silu, which llama.cpp's Llama graph uses`,
    });
  }
  for (const field of ["attention_bias", "mlp_bias"]) {
    if (raw[field] === true) {
      throw new CheckpointError({
        file,
        field,
        problem:
          "biases are not supported by this exporter; retrain without them or use convert_hf_to_gguf.py",
      });
    }
  }
  const hiddenSize = integer("hidden_size");
  const heads = integer("num_attention_heads");
  const kvHeads = integer("num_key_value_heads", heads);
  if (heads % kvHeads !== 0) {
    throw new CheckpointError({
      file,
      field: "num_key_value_heads",
      problem: `${kvHeads} does not divide num_attention_heads ${heads}`,
    });
  }
  const headDim = integer("head_dim", hiddenSize / heads);
  if (headDim % 2 !== 0)
    throw new CheckpointError({
      file,
      field: "head_dim",
      problem: `${headDim} is odd; RoPE needs an even head size`,
    });
  const eos = raw.eos_token_id;
  const eosTokenIds = Array.isArray(eos)
    ? eos.filter((id): id is number => typeof id === "number")
    : typeof eos === "number"
      ? [eos]
      : [];
  return {
    hiddenSize,
    intermediateSize: integer("intermediate_size"),
    layers: integer("num_hidden_layers"),
    heads,
    kvHeads,
    headDim,
    rmsNormEps: number("rms_norm_eps", 1e-6),
    ropeTheta: number("rope_theta", 10000),
    contextLength: integer("max_position_embeddings", 2048),
    vocabSize: integer("vocab_size"),
    tieWordEmbeddings: raw.tie_word_embeddings === true,
    ropeScaling: parseRopeScaling(raw.rope_scaling, file),
    bosTokenId: typeof raw.bos_token_id === "number" ? raw.bos_token_id : undefined,
    eosTokenIds,
  };
}

function parseRopeScaling(value: unknown, file: string): LlamaRopeScaling | undefined {
  if (value === null || value === undefined) return undefined;
  const scaling = value as Record<string, unknown>;
  const type = scaling.rope_type ?? scaling.type;
  const factor = typeof scaling.factor === "number" ? scaling.factor : 1;
  if (type === "default") return undefined;
  if (type === "linear") return { type: "linear", factor };
  if (type === "llama3") {
    const numberOr = (key: string, fallback: number): number =>
      typeof scaling[key] === "number" ? (scaling[key] as number) : fallback;
    return {
      type: "llama3",
      factor: numberOr("factor", 8),
      lowFreqFactor: numberOr("low_freq_factor", 1),
      highFreqFactor: numberOr("high_freq_factor", 4),
      originalContextLength: numberOr("original_max_position_embeddings", 8192),
    };
  }
  throw new CheckpointError({
    file,
    field: "rope_scaling",
    problem: `type ${JSON.stringify(type)} is not supported (linear and llama3 are); remove it or use convert_hf_to_gguf.py`,
  });
}
