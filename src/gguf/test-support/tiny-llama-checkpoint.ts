import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { encodeSafetensors, type SafetensorsDtype, type SafetensorsWriteTensor } from "../safetensors.js";
import { buildTinyTokenizer, type TinyPreTokenizer, type TinyTokenizerFiles } from "./tiny-bpe-tokenizer.js";

export interface TinyLlamaOptions {
  dir: string;
  /** Default 64. */
  hidden?: number;
  /** Default 2. */
  layers?: number;
  /** Default 4 (head size 16). */
  heads?: number;
  /** Default 2 (grouped-query attention, so k's permutation uses its own head count). */
  kvHeads?: number;
  /** Default 128. */
  intermediate?: number;
  /** Default 1. */
  seed?: number;
  /** Default "llama-bpe". */
  pre?: TinyPreTokenizer;
  /** BPE merges to learn. Default 40 (vocabulary about 300). */
  merges?: number;
  /** Embedding rows beyond the tokenizer's vocabulary, as padded real checkpoints have. Default 3. */
  padRows?: number;
  /** Stored weight dtype. Default "F32". */
  dtype?: SafetensorsDtype;
  /** Default false (a separate lm_head.weight). */
  tieWordEmbeddings?: boolean;
  /** Default 10000. */
  ropeTheta?: number;
}

export interface TinyLlamaCheckpoint {
  readonly dir: string;
  readonly config: Record<string, unknown>;
  readonly vocabSize: number;
  readonly tokenizer: TinyTokenizerFiles;
}

/**
 * Writes a random-weight LlamaForCausalLM checkpoint as Hugging Face saves one (config.json,
 * model.safetensors, tokenizer.json, tokenizer_config.json, generation_config.json), small enough
 * for tests. Weights are scaled so next-token distributions are far from uniform: a parity check
 * on near-uniform logits would prove little.
 */
export async function writeTinyLlamaCheckpoint(options: TinyLlamaOptions): Promise<TinyLlamaCheckpoint> {
  const hidden = options.hidden ?? 64;
  const layers = options.layers ?? 2;
  const heads = options.heads ?? 4;
  const kvHeads = options.kvHeads ?? 2;
  const intermediate = options.intermediate ?? 128;
  const headDim = hidden / heads;
  const tie = options.tieWordEmbeddings ?? false;
  const tokenizer = buildTinyTokenizer({ pre: options.pre ?? "llama-bpe", merges: options.merges ?? 40 });
  const vocabSize = tokenizer.size + (options.padRows ?? 3);
  const random = gaussian(options.seed ?? 1);
  const matrix = (rows: number, cols: number, scale: number): Float32Array => {
    const data = new Float32Array(rows * cols);
    for (let i = 0; i < data.length; i++) data[i] = random() * scale;
    return data;
  };
  const norm = (size: number): Float32Array => Float32Array.from({ length: size }, () => 1 + 0.2 * random());
  const dtype = options.dtype ?? "F32";
  const tensors: SafetensorsWriteTensor[] = [];
  const add = (name: string, shape: number[], data: Float32Array): void => {
    tensors.push({ name, shape, data, dtype: shape.length === 1 ? "F32" : dtype });
  };
  add("model.embed_tokens.weight", [vocabSize, hidden], matrix(vocabSize, hidden, 1));
  for (let layer = 0; layer < layers; layer++) {
    const prefix = `model.layers.${layer}`;
    const inScale = 1 / Math.sqrt(hidden);
    add(`${prefix}.input_layernorm.weight`, [hidden], norm(hidden));
    add(
      `${prefix}.self_attn.q_proj.weight`,
      [heads * headDim, hidden],
      matrix(heads * headDim, hidden, 2 * inScale),
    );
    add(
      `${prefix}.self_attn.k_proj.weight`,
      [kvHeads * headDim, hidden],
      matrix(kvHeads * headDim, hidden, 2 * inScale),
    );
    add(
      `${prefix}.self_attn.v_proj.weight`,
      [kvHeads * headDim, hidden],
      matrix(kvHeads * headDim, hidden, inScale),
    );
    add(
      `${prefix}.self_attn.o_proj.weight`,
      [hidden, heads * headDim],
      matrix(hidden, heads * headDim, inScale),
    );
    add(`${prefix}.post_attention_layernorm.weight`, [hidden], norm(hidden));
    add(`${prefix}.mlp.gate_proj.weight`, [intermediate, hidden], matrix(intermediate, hidden, inScale));
    add(`${prefix}.mlp.up_proj.weight`, [intermediate, hidden], matrix(intermediate, hidden, inScale));
    add(
      `${prefix}.mlp.down_proj.weight`,
      [hidden, intermediate],
      matrix(hidden, intermediate, 1 / Math.sqrt(intermediate)),
    );
  }
  add("model.norm.weight", [hidden], norm(hidden));
  if (!tie) add("lm_head.weight", [vocabSize, hidden], matrix(vocabSize, hidden, 3 / Math.sqrt(hidden)));

  const { bos, eos } = tokenizer.specialTokens;
  const config = {
    architectures: ["LlamaForCausalLM"],
    model_type: "llama",
    hidden_act: "silu",
    hidden_size: hidden,
    intermediate_size: intermediate,
    num_hidden_layers: layers,
    num_attention_heads: heads,
    num_key_value_heads: kvHeads,
    head_dim: headDim,
    rms_norm_eps: 1e-5,
    rope_theta: options.ropeTheta ?? 10000,
    rope_scaling: null,
    max_position_embeddings: 512,
    vocab_size: vocabSize,
    tie_word_embeddings: tie,
    attention_bias: false,
    mlp_bias: false,
    bos_token_id: bos.id,
    eos_token_id: eos.id,
    torch_dtype: dtype === "F32" ? "float32" : dtype === "F16" ? "float16" : "bfloat16",
  };
  await mkdir(options.dir, { recursive: true });
  await writeFile(path.join(options.dir, "config.json"), JSON.stringify(config, null, 2));
  await writeFile(
    path.join(options.dir, "generation_config.json"),
    JSON.stringify({ bos_token_id: bos.id, eos_token_id: eos.id }),
  );
  await writeFile(path.join(options.dir, "model.safetensors"), encodeSafetensors(tensors, { format: "pt" }));
  await writeFile(path.join(options.dir, "tokenizer.json"), JSON.stringify(tokenizer.tokenizerJson));
  await writeFile(
    path.join(options.dir, "tokenizer_config.json"),
    JSON.stringify(tokenizer.tokenizerConfig, null, 2),
  );
  return { dir: options.dir, config, vocabSize, tokenizer };
}

/** Seeded standard normal samples (mulberry32 + Box-Muller): the same checkpoint on every run. */
function gaussian(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}
