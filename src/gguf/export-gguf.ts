import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { readChatTemplate } from "../tokenizer/read-chat-template.js";
import { bpeTokenizerMetadata } from "./bpe-tokenizer-metadata.js";
import { CheckpointError } from "./checkpoint-error.js";
import { type GgufValue, gguf } from "./gguf-value.js";
import type { GgufTensorSource } from "./gguf-writer.js";
import { writeGguf } from "./gguf-writer.js";
import { type LlamaConfig, readLlamaConfig } from "./llama-config.js";
import { encode, llama3RopeFactors, llamaTensorSource, planLlamaTensors } from "./llama-tensors.js";
import { openSafetensors } from "./safetensors.js";

export interface ExportGgufOptions {
  /** A Hugging Face LlamaForCausalLM directory: config.json, model.safetensors (or sharded), tokenizer.json. */
  checkpointDir: string;
  outFile: string;
  /** Type of the 2-D weights; norms stay f32 either way. */
  dtype: "f32" | "f16";
  /** `tokenizer.ggml.pre` to write instead of the detected one (for tokenizers this exporter does not recognise). */
  pre?: string;
  /** `general.name`. Default: the checkpoint directory's name. */
  name?: string;
}

export interface ExportGgufResult {
  readonly outFile: string;
  readonly bytes: number;
  readonly tensorCount: number;
  readonly vocabSize: number;
  /** The `tokenizer.ggml.pre` written. */
  readonly pre: string;
}

/**
 * Converts a Hugging Face Llama checkpoint to a GGUF v3 file that llama.cpp loads: architecture
 * metadata from config.json, tokenizer and chat template from tokenizer.json and
 * tokenizer_config.json, and the weights renamed to llama.cpp's names with q/k rows permuted to its
 * RoPE layout. The file is written through a temp file and appears only when complete.
 */
export async function exportGguf(options: ExportGgufOptions): Promise<ExportGgufResult> {
  const dir = options.checkpointDir;
  const config = await readLlamaConfig(dir);
  const tensors = await openSafetensors(dir);
  const plans = planLlamaTensors(config, tensors, path.join(dir, "model.safetensors"));
  const vocabRows = plans[0]?.source.shape[0] as number;

  const tokenizerFile = path.join(dir, "tokenizer.json");
  if (!existsSync(tokenizerFile)) {
    throw new CheckpointError({
      file: tokenizerFile,
      problem: "missing; save the fast tokenizer with tokenizer.save_pretrained(dir)",
    });
  }
  const tokenizer = await readJson(tokenizerFile);
  const configFile = path.join(dir, "tokenizer_config.json");
  const tokenizerConfig = existsSync(configFile) ? await readJson(configFile) : {};
  const tokenizerMetadata = bpeTokenizerMetadata({
    tokenizer,
    tokenizerConfig,
    config,
    vocabRows,
    ...(options.pre === undefined ? {} : { pre: options.pre }),
    chatTemplate: (await readChatTemplate(dir, tokenizerConfig))?.template,
    file: tokenizerFile,
  });

  const ggmlType = options.dtype === "f16" ? "F16" : "F32";
  const sources: GgufTensorSource[] = plans.map((plan) => llamaTensorSource(plan, ggmlType));
  const ropeFactors = llama3RopeFactors(config);
  if (ropeFactors !== undefined) {
    sources.push({
      name: "rope_freqs.weight",
      type: "F32",
      dims: [ropeFactors.length],
      async *chunks() {
        yield encode(ropeFactors, "F32");
      },
    });
  }
  const metadata = new Map<string, GgufValue>([
    ["general.architecture", gguf.string("llama")],
    ["general.name", gguf.string(options.name ?? path.basename(path.resolve(dir)))],
    // llama_ftype: 0 = all F32, 1 = mostly F16.
    ["general.file_type", gguf.u32(options.dtype === "f16" ? 1 : 0)],
    ...llamaArchitectureMetadata(config, vocabRows),
    ...tokenizerMetadata,
  ]);
  const { bytes } = await writeGguf({ file: options.outFile, metadata, tensors: sources });
  const pre = tokenizerMetadata.get("tokenizer.ggml.pre");
  return {
    outFile: options.outFile,
    bytes,
    tensorCount: sources.length,
    vocabSize: vocabRows,
    pre: pre?.type === "string" ? pre.value : "",
  };
}

function llamaArchitectureMetadata(config: LlamaConfig, vocabRows: number): Array<[string, GgufValue]> {
  const entries: Array<[string, GgufValue]> = [
    ["llama.context_length", gguf.u32(config.contextLength)],
    ["llama.embedding_length", gguf.u32(config.hiddenSize)],
    ["llama.block_count", gguf.u32(config.layers)],
    ["llama.feed_forward_length", gguf.u32(config.intermediateSize)],
    ["llama.rope.dimension_count", gguf.u32(config.headDim)],
    ["llama.attention.head_count", gguf.u32(config.heads)],
    ["llama.attention.head_count_kv", gguf.u32(config.kvHeads)],
    ["llama.attention.layer_norm_rms_epsilon", gguf.f32(config.rmsNormEps)],
    ["llama.rope.freq_base", gguf.f32(config.ropeTheta)],
    ["llama.vocab_size", gguf.u32(vocabRows)],
  ];
  if (config.headDim * config.heads !== config.hiddenSize) {
    entries.push(
      ["llama.attention.key_length", gguf.u32(config.headDim)],
      ["llama.attention.value_length", gguf.u32(config.headDim)],
    );
  }
  if (config.ropeScaling?.type === "linear") {
    entries.push(
      ["llama.rope.scaling.type", gguf.string("linear")],
      ["llama.rope.scaling.factor", gguf.f32(config.ropeScaling.factor)],
    );
  }
  return entries;
}

async function readJson(file: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new CheckpointError({ file, problem: `cannot read it as JSON (${(error as Error).message})` });
  }
}
