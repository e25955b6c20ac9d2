import { endianness } from "node:os";
import { CheckpointError } from "./checkpoint-error.js";
import type { GgmlType } from "./ggml-type.js";
import type { GgufTensorSource } from "./gguf-writer.js";
import { floatToHalf } from "./half-float.js";
import type { LlamaConfig } from "./llama-config.js";
import { readSafetensorsRows, type SafetensorsTensor } from "./safetensors.js";

/** One GGUF tensor and where its data comes from. */
export interface LlamaTensorPlan {
  readonly ggufName: string;
  readonly source: SafetensorsTensor;
  /** Number of heads whose rows are re-interleaved for GGUF's RoPE layout; undefined: copied as is. */
  readonly permuteHeads: number | undefined;
}

const LAYER_TENSORS: ReadonlyArray<readonly [hf: string, gguf: string]> = [
  ["input_layernorm", "attn_norm"],
  ["self_attn.q_proj", "attn_q"],
  ["self_attn.k_proj", "attn_k"],
  ["self_attn.v_proj", "attn_v"],
  ["self_attn.o_proj", "attn_output"],
  ["post_attention_layernorm", "ffn_norm"],
  ["mlp.gate_proj", "ffn_gate"],
  ["mlp.up_proj", "ffn_up"],
  ["mlp.down_proj", "ffn_down"],
];

/**
 * Maps a Llama checkpoint's tensors to GGUF names and checks every shape against config.json, so a
 * mismatch is reported by name here rather than as a failed model load in llama.cpp.
 */
export function planLlamaTensors(
  config: LlamaConfig,
  tensors: ReadonlyMap<string, SafetensorsTensor>,
  file: string,
): LlamaTensorPlan[] {
  const { hiddenSize: hidden, intermediateSize: ffn, headDim, heads, kvHeads } = config;
  const used = new Set<string>();
  const take = (name: string, shape: readonly number[]): SafetensorsTensor => {
    const tensor = tensors.get(name);
    if (tensor === undefined)
      throw new CheckpointError({ file, field: name, problem: "tensor missing from the safetensors files" });
    if (tensor.shape.length !== shape.length || tensor.shape.some((dim, i) => dim !== shape[i])) {
      throw new CheckpointError({
        file,
        field: name,
        problem: `shape [${tensor.shape.join(", ")}] does not match config.json, which implies [${shape.join(", ")}]`,
      });
    }
    used.add(name);
    return tensor;
  };
  const embedding = tensors.get("model.embed_tokens.weight");
  const vocab = embedding?.shape[0] ?? config.vocabSize;
  const plans: LlamaTensorPlan[] = [
    {
      ggufName: "token_embd.weight",
      source: take("model.embed_tokens.weight", [vocab, hidden]),
      permuteHeads: undefined,
    },
  ];
  const layerShapes: Record<string, readonly number[]> = {
    input_layernorm: [hidden],
    "self_attn.q_proj": [heads * headDim, hidden],
    "self_attn.k_proj": [kvHeads * headDim, hidden],
    "self_attn.v_proj": [kvHeads * headDim, hidden],
    "self_attn.o_proj": [hidden, heads * headDim],
    post_attention_layernorm: [hidden],
    "mlp.gate_proj": [ffn, hidden],
    "mlp.up_proj": [ffn, hidden],
    "mlp.down_proj": [hidden, ffn],
  };
  for (let layer = 0; layer < config.layers; layer++) {
    for (const [hf, ggufName] of LAYER_TENSORS) {
      const source = take(`model.layers.${layer}.${hf}.weight`, layerShapes[hf] as readonly number[]);
      // HF stores q/k rows in rotate_half order (first half of each head, then second half);
      // llama.cpp's Llama RoPE rotates adjacent pairs, so llama.cpp's converter interleaves them.
      const permuteHeads =
        hf === "self_attn.q_proj" ? heads : hf === "self_attn.k_proj" ? kvHeads : undefined;
      plans.push({ ggufName: `blk.${layer}.${ggufName}.weight`, source, permuteHeads });
    }
  }
  plans.push({
    ggufName: "output_norm.weight",
    source: take("model.norm.weight", [hidden]),
    permuteHeads: undefined,
  });
  if (tensors.has("lm_head.weight") && !config.tieWordEmbeddings) {
    plans.push({
      ggufName: "output.weight",
      source: take("lm_head.weight", [vocab, hidden]),
      permuteHeads: undefined,
    });
  } else if (!config.tieWordEmbeddings) {
    throw new CheckpointError({
      file,
      field: "lm_head.weight",
      problem:
        "missing while config.json says tie_word_embeddings is false; set it to true if the output layer shares the embeddings",
    });
  } else if (tensors.has("lm_head.weight")) {
    used.add("lm_head.weight");
  }
  for (const name of tensors.keys()) {
    if (used.has(name) || name.endsWith("rotary_emb.inv_freq")) continue;
    throw new CheckpointError({
      file,
      field: name,
      problem: "unexpected tensor for LlamaForCausalLM; this exporter would drop it silently",
    });
  }
  return plans;
}

/** Elements per streamed chunk: bounds memory whatever the tensor size. */
const CHUNK_ELEMENTS = 1 << 22;

/**
 * The GGUF tensor for a plan: dims reversed to GGUF order, data streamed from the safetensors file
 * in row blocks, permuted and converted on the way. 1-D tensors (norms) stay F32 whatever `dtype`
 * says, as llama.cpp's converter keeps them.
 */
export function llamaTensorSource(plan: LlamaTensorPlan, dtype: GgmlType): GgufTensorSource {
  if (endianness() !== "LE") throw new Error("GGUF export needs a little-endian machine");
  const { source, permuteHeads } = plan;
  const rows = source.shape[0] as number;
  const rowElements = source.shape.slice(1).reduce((product, dim) => product * dim, 1);
  const type: GgmlType = source.shape.length === 1 ? "F32" : dtype;
  const headRows = permuteHeads === undefined ? 1 : rows / permuteHeads;
  const blockRows = Math.max(headRows, Math.floor(CHUNK_ELEMENTS / rowElements / headRows) * headRows);
  return {
    name: plan.ggufName,
    type,
    dims: [...source.shape].reverse(),
    async *chunks() {
      for (let start = 0; start < rows; start += blockRows) {
        const count = Math.min(blockRows, rows - start);
        let data = await readSafetensorsRows(source, start, count);
        if (permuteHeads !== undefined)
          data = interleaveRopeRows(data, count / headRows, headRows, rowElements);
        yield encode(data, type);
      }
    },
  };
}

/**
 * Row r of each head block moves so that the two halves of the head interleave: output row 2j+i is
 * input row i*(d/2)+j. This is numpy's reshape(n_head, 2, d/2, ...).swapaxes(1, 2) in
 * convert_hf_to_gguf.py's LlamaModel.permute.
 */
export function interleaveRopeRows(
  data: Float32Array,
  heads: number,
  headRows: number,
  rowElements: number,
): Float32Array {
  const out = new Float32Array(data.length);
  const half = headRows / 2;
  for (let head = 0; head < heads; head++) {
    const base = head * headRows;
    for (let j = 0; j < half; j++) {
      for (let i = 0; i < 2; i++) {
        const from = (base + i * half + j) * rowElements;
        out.set(data.subarray(from, from + rowElements), (base + 2 * j + i) * rowElements);
      }
    }
  }
  return out;
}

/** The rope_freqs tensor llama.cpp applies for Llama 3.1-style RoPE scaling (same formula as its converter). */
export function llama3RopeFactors(config: LlamaConfig): Float32Array | undefined {
  const scaling = config.ropeScaling;
  if (scaling?.type !== "llama3") return undefined;
  const dim = config.headDim;
  const lowWavelength = scaling.originalContextLength / scaling.lowFreqFactor;
  const highWavelength = scaling.originalContextLength / scaling.highFreqFactor;
  const factors = new Float32Array(dim / 2);
  for (let i = 0; i < dim / 2; i++) {
    const frequency = 1 / config.ropeTheta ** ((2 * i) / dim);
    const wavelength = (2 * Math.PI) / frequency;
    if (wavelength < highWavelength) factors[i] = 1;
    else if (wavelength > lowWavelength) factors[i] = scaling.factor;
    else {
      const smooth =
        (scaling.originalContextLength / wavelength - scaling.lowFreqFactor) /
        (scaling.highFreqFactor - scaling.lowFreqFactor);
      factors[i] = 1 / ((1 - smooth) / scaling.factor + smooth);
    }
  }
  return factors;
}

export function encode(data: Float32Array, type: GgmlType): Uint8Array {
  if (type === "F32") return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (type !== "F16") throw new Error(`encoding ${type} is not implemented`);
  const out = new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = floatToHalf(data[i] as number);
  return new Uint8Array(out.buffer);
}
