import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { getLlama } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportGguf } from "./export-gguf.js";
import { readGguf, readGgufTensor } from "./gguf-reader.js";
import type { GgufValue } from "./gguf-value.js";
import { encodeSafetensors, openSafetensors, readSafetensorsRows } from "./safetensors.js";
import { writeTinyLlamaCheckpoint } from "./test-support/index.js";

let dir: string;
let checkpoint: Awaited<ReturnType<typeof writeTinyLlamaCheckpoint>>;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ttpa-export-"));
  checkpoint = await writeTinyLlamaCheckpoint({ dir: path.join(dir, "tiny") });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const value = (metadata: ReadonlyMap<string, GgufValue>, key: string): unknown => metadata.get(key)?.value;

async function hfTensor(checkpointDir: string, name: string): Promise<Float32Array> {
  const tensor = (await openSafetensors(checkpointDir)).get(name);
  if (tensor === undefined) throw new Error(`no ${name}`);
  return readSafetensorsRows(tensor, 0, tensor.shape[0] as number);
}

describe("exportGguf", () => {
  it("writes llama.cpp's architecture keys from config.json", async () => {
    const out = path.join(dir, "f32.gguf");
    const result = await exportGguf({ checkpointDir: checkpoint.dir, outFile: out, dtype: "f32" });
    expect(result).toMatchObject({
      vocabSize: checkpoint.vocabSize,
      pre: "llama-bpe",
      tensorCount: 2 + 2 * 9 + 1,
    });
    const { metadata } = await readGguf(out);
    expect(
      Object.fromEntries(
        [...metadata]
          .filter(([key]) => key.startsWith("llama.") || key.startsWith("general."))
          .map(([k, v]) => [k, v.value]),
      ),
    ).toEqual({
      "general.architecture": "llama",
      "general.name": "tiny",
      "general.file_type": 0,
      "llama.context_length": 512,
      "llama.embedding_length": 64,
      "llama.block_count": 2,
      "llama.feed_forward_length": 128,
      "llama.rope.dimension_count": 16,
      "llama.attention.head_count": 4,
      "llama.attention.head_count_kv": 2,
      "llama.attention.layer_norm_rms_epsilon": Math.fround(1e-5),
      "llama.rope.freq_base": 10000,
      "llama.vocab_size": checkpoint.vocabSize,
    });
  });

  it("writes the tokenizer: padded vocabulary, token types, merges, special ids and chat template", async () => {
    const { metadata } = await readGguf(path.join(dir, "f32.gguf"));
    const tokens = value(metadata, "tokenizer.ggml.tokens") as string[];
    const types = value(metadata, "tokenizer.ggml.token_type") as number[];
    const { tokenizer } = checkpoint;
    expect(metadata.get("tokenizer.ggml.token_type")).toMatchObject({ type: "array", itemType: "i32" });
    expect(tokens).toHaveLength(checkpoint.vocabSize);
    expect(tokens.slice(-3)).toEqual([
      `[PAD${tokenizer.size}]`,
      `[PAD${tokenizer.size + 1}]`,
      `[PAD${tokenizer.size + 2}]`,
    ]);
    expect(types.slice(-3)).toEqual([5, 5, 5]);
    expect(tokens[32]).toBe("Ġ");
    expect(types[tokenizer.specialTokens.eos.id]).toBe(3);
    expect(types[tokens.indexOf("<tool_call>")]).toBe(4);
    expect(types[65]).toBe(1);
    expect(value(metadata, "tokenizer.ggml.model")).toBe("gpt2");
    expect(value(metadata, "tokenizer.ggml.merges")).toEqual(
      (tokenizer.tokenizerJson.model as { merges: string[] }).merges,
    );
    expect(value(metadata, "tokenizer.ggml.bos_token_id")).toBe(tokenizer.specialTokens.bos.id);
    expect(value(metadata, "tokenizer.ggml.eos_token_id")).toBe(tokenizer.specialTokens.eos.id);
    expect(value(metadata, "tokenizer.ggml.padding_token_id")).toBe(tokenizer.specialTokens.pad.id);
    expect(value(metadata, "tokenizer.ggml.add_bos_token")).toBe(true);
    expect(value(metadata, "tokenizer.ggml.add_eos_token")).toBe(false);
    expect(value(metadata, "tokenizer.chat_template")).toBe(tokenizer.tokenizerConfig.chat_template);
  });

  it("renames tensors, interleaves q/k rows per head for llama.cpp's RoPE, and copies the rest exactly", async () => {
    const gguf = await readGguf(path.join(dir, "f32.gguf"));
    expect(gguf.tensors.map((t) => t.name)).toContain("blk.1.ffn_down.weight");
    expect(gguf.tensors.find((t) => t.name === "blk.0.attn_k.weight")?.dims).toEqual([64, 32]);
    expect(await readGgufTensor(gguf, "token_embd.weight")).toEqual(
      await hfTensor(checkpoint.dir, "model.embed_tokens.weight"),
    );
    expect(await readGgufTensor(gguf, "output.weight")).toEqual(
      await hfTensor(checkpoint.dir, "lm_head.weight"),
    );
    expect(await readGgufTensor(gguf, "blk.1.attn_v.weight")).toEqual(
      await hfTensor(checkpoint.dir, "model.layers.1.self_attn.v_proj.weight"),
    );
    for (const [name, heads] of [
      ["q", 4],
      ["k", 2],
    ] as const) {
      const hf = await hfTensor(checkpoint.dir, `model.layers.0.self_attn.${name}_proj.weight`);
      const ours = await readGgufTensor(gguf, `blk.0.attn_${name}.weight`);
      const d = 16;
      for (let h = 0; h < heads; h++) {
        for (let j = 0; j < d / 2; j++) {
          for (let i = 0; i < 2; i++) {
            const row = (r: number, data: Float32Array): number[] => [...data.subarray(r * 64, (r + 1) * 64)];
            expect(row(h * d + 2 * j + i, ours)).toEqual(row(h * d + i * (d / 2) + j, hf));
          }
        }
      }
    }
  });

  it("writes f16 weights but keeps norms f32, and the file loads in llama.cpp", async () => {
    const out = path.join(dir, "f16.gguf");
    await exportGguf({ checkpointDir: checkpoint.dir, outFile: out, dtype: "f16" });
    const gguf = await readGguf(out);
    expect(value(gguf.metadata, "general.file_type")).toBe(1);
    const types = Object.fromEntries(gguf.tensors.map((t) => [t.name, t.type]));
    expect(types).toMatchObject({
      "token_embd.weight": "F16",
      "blk.0.attn_q.weight": "F16",
      "blk.0.attn_norm.weight": "F32",
      "output_norm.weight": "F32",
    });
    const llama = await getLlama({ gpu: false, build: "never" });
    const model = await llama.loadModel({ modelPath: out });
    expect(model.trainContextSize).toBe(512);
    expect(model.tokens.bos).toBe(checkpoint.tokenizer.specialTokens.bos.id);
    expect(model.isEogToken(checkpoint.tokenizer.specialTokens.eos.id as never)).toBe(true);
    await model.dispose();
  });

  it("omits output.weight when the embeddings are tied, reads BF16 weights, and reads sharded checkpoints", async () => {
    const tied = await writeTinyLlamaCheckpoint({
      dir: path.join(dir, "tied"),
      tieWordEmbeddings: true,
      dtype: "BF16",
      seed: 7,
    });
    const out = path.join(dir, "tied.gguf");
    await exportGguf({ checkpointDir: tied.dir, outFile: out, dtype: "f32" });
    const gguf = await readGguf(out);
    expect(gguf.tensors.map((t) => t.name)).not.toContain("output.weight");
    expect(await readGgufTensor(gguf, "token_embd.weight")).toEqual(
      await hfTensor(tied.dir, "model.embed_tokens.weight"),
    );

    // The same checkpoint split into two shards with an index exports to the same tensors.
    const sharded = path.join(dir, "sharded");
    await cp(tied.dir, sharded, { recursive: true });
    await rm(path.join(sharded, "model.safetensors"));
    const all = await openSafetensors(tied.dir);
    const names = [...all.keys()];
    const shards = [names.slice(0, 7), names.slice(7)];
    const weightMap: Record<string, string> = {};
    for (const [index, shard] of shards.entries()) {
      const file = `model-0000${index + 1}-of-00002.safetensors`;
      const tensors = await Promise.all(
        shard.map(async (name) => {
          const info = all.get(name) as NonNullable<ReturnType<typeof all.get>>;
          return {
            name,
            shape: info.shape,
            dtype: info.dtype,
            data: await readSafetensorsRows(info, 0, info.shape[0] as number),
          };
        }),
      );
      await writeFile(path.join(sharded, file), encodeSafetensors(tensors));
      for (const name of shard) weightMap[name] = file;
    }
    await writeFile(
      path.join(sharded, "model.safetensors.index.json"),
      JSON.stringify({ metadata: {}, weight_map: weightMap }),
    );
    const shardedOut = path.join(dir, "sharded.gguf");
    await exportGguf({ checkpointDir: sharded, outFile: shardedOut, dtype: "f32", name: "tied" });
    expect(await readFile(shardedOut)).toEqual(await readFile(out));
  });

  it("refuses checkpoints it cannot convert faithfully, saying why", async () => {
    const bad = path.join(dir, "bad");
    await cp(checkpoint.dir, bad, { recursive: true });
    const config = JSON.parse(await readFile(path.join(bad, "config.json"), "utf8"));
    await writeFile(
      path.join(bad, "config.json"),
      JSON.stringify({ ...config, architectures: ["Qwen2ForCausalLM"] }),
    );
    await expect(
      exportGguf({ checkpointDir: bad, outFile: path.join(dir, "x.gguf"), dtype: "f32" }),
    ).rejects.toThrow("is not LlamaForCausalLM");

    await writeFile(path.join(bad, "config.json"), JSON.stringify({ ...config, num_hidden_layers: 3 }));
    await expect(
      exportGguf({ checkpointDir: bad, outFile: path.join(dir, "x.gguf"), dtype: "f32" }),
    ).rejects.toThrow("'model.layers.2.input_layernorm.weight': tensor missing");

    await writeFile(path.join(bad, "config.json"), JSON.stringify(config));
    const tokenizer = JSON.parse(await readFile(path.join(bad, "tokenizer.json"), "utf8"));
    tokenizer.pre_tokenizer.pretokenizers[0].pattern.Regex = "\\s+";
    await writeFile(path.join(bad, "tokenizer.json"), JSON.stringify(tokenizer));
    await expect(
      exportGguf({ checkpointDir: bad, outFile: path.join(dir, "x.gguf"), dtype: "f32" }),
    ).rejects.toThrow("pass it as the 'pre' option");
    const forced = await exportGguf({
      checkpointDir: bad,
      outFile: path.join(dir, "x.gguf"),
      dtype: "f32",
      pre: "default",
    });
    expect(forced.pre).toBe("default");
  });
});
