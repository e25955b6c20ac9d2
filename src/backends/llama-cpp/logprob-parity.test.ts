import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportGguf } from "../../gguf/index.js";
import type { GenerateResult } from "../language-model.js";
import { createTinyGgufModel, type TinyGgufModel } from "../test-support/index.js";
import { LlamaCppLanguageModel, type LlamaCppModelOptions } from "./llama-cpp-language-model.js";

const python = process.env.TTPA_PYTHON ?? ".venv/bin/python";
const hasTorch = spawnSync(python, ["-c", "import torch, numpy"], { stdio: "ignore" }).status === 0;

/**
 * Plain Llama math in float64 on the checkpoint's safetensors (HF layout: rotate_half RoPE, no
 * permutation), read without the safetensors package. Prints log-softmax rows for every position.
 */
const REFERENCE = `
import json, struct, sys
import numpy as np, torch
req = json.load(sys.stdin)
d = req["dir"]
cfg = json.load(open(d + "/config.json"))
with open(d + "/model.safetensors", "rb") as f:
    n = struct.unpack("<Q", f.read(8))[0]
    header = json.loads(f.read(n))
    data = f.read()
w = {}
for name, info in header.items():
    if name == "__metadata__":
        continue
    s, e = info["data_offsets"]
    if info["dtype"] == "F32":
        arr = np.frombuffer(data[s:e], dtype="<f4")
    elif info["dtype"] == "F16":
        arr = np.frombuffer(data[s:e], dtype="<f2").astype(np.float32)
    else:
        arr = (np.frombuffer(data[s:e], dtype="<u2").astype(np.uint32) << 16).view(np.float32)
    w[name] = torch.from_numpy(arr.reshape(info["shape"]).astype(np.float64))
ids = torch.tensor(req["tokens"])
T, H = len(ids), cfg["hidden_size"]
nh, nkv = cfg["num_attention_heads"], cfg["num_key_value_heads"]
hd = cfg.get("head_dim", H // nh)
eps = cfg["rms_norm_eps"]
rms = lambda x, g: x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * g
inv = 1.0 / (cfg["rope_theta"] ** (torch.arange(0, hd, 2, dtype=torch.float64) / hd))
ang = torch.arange(T, dtype=torch.float64)[:, None] * inv[None, :]
cos, sin = torch.cat([ang.cos()] * 2, -1), torch.cat([ang.sin()] * 2, -1)
rot = lambda x: torch.cat([-x[..., hd // 2:], x[..., :hd // 2]], -1)
mask = torch.full((T, T), float("-inf"), dtype=torch.float64).triu(1)
x = w["model.embed_tokens.weight"][ids]
for l in range(cfg["num_hidden_layers"]):
    p = "model.layers.%d." % l
    h = rms(x, w[p + "input_layernorm.weight"])
    q = (h @ w[p + "self_attn.q_proj.weight"].T).view(T, nh, hd).transpose(0, 1)
    k = (h @ w[p + "self_attn.k_proj.weight"].T).view(T, nkv, hd).transpose(0, 1)
    v = (h @ w[p + "self_attn.v_proj.weight"].T).view(T, nkv, hd).transpose(0, 1)
    q, k = q * cos + rot(q) * sin, k * cos + rot(k) * sin
    k, v = k.repeat_interleave(nh // nkv, 0), v.repeat_interleave(nh // nkv, 0)
    att = torch.softmax(q @ k.transpose(1, 2) / hd ** 0.5 + mask, -1)
    x = x + (att @ v).transpose(0, 1).reshape(T, nh * hd) @ w[p + "self_attn.o_proj.weight"].T
    h = rms(x, w[p + "post_attention_layernorm.weight"])
    gate, up = h @ w[p + "mlp.gate_proj.weight"].T, h @ w[p + "mlp.up_proj.weight"].T
    x = x + (torch.nn.functional.silu(gate) * up) @ w[p + "mlp.down_proj.weight"].T
x = rms(x, w["model.norm.weight"])
head = w.get("lm_head.weight", w["model.embed_tokens.weight"])
json.dump(torch.log_softmax(x @ head.T, -1).tolist(), sys.stdout)
`;

let fixture: TinyGgufModel;
beforeAll(async () => {
  fixture = await createTinyGgufModel({ ggufDtype: "f32", seed: 3 });
});
afterAll(async () => {
  await fixture?.cleanup();
});

/** Max |llama.cpp - reference| over every vocabulary entry at every generated position. */
async function maxLogprobDifference(
  modelPath: string,
  options: Partial<LlamaCppModelOptions>,
): Promise<number> {
  const model = await LlamaCppLanguageModel.load({
    modelPath,
    sequences: 1,
    contextSize: 256,
    threads: 1,
    ...options,
  });
  try {
    const prompt = [
      model.info.bos as number,
      ...(await model.tokenize("The weather in Paris is sunny, and in Berlin")),
    ];
    const [result] = (await model.generate([
      { prompt, maxTokens: 16, stopTokens: [], topLogprobs: model.info.vocabularySize },
    ])) as [GenerateResult];
    const tokens = [...prompt, ...result.tokens.slice(0, -1).map((t) => t.token)];
    const run = spawnSync(python, ["-c", REFERENCE], {
      input: JSON.stringify({ dir: fixture.checkpoint.dir, tokens }),
      maxBuffer: 1 << 28,
    });
    if (run.status !== 0) throw new Error(`reference failed: ${run.stderr}`);
    const reference = JSON.parse(run.stdout.toString()) as number[][];
    let max = 0;
    result.tokens.forEach((step, i) => {
      const row = reference[prompt.length - 1 + i] as number[];
      for (const { token, logprob } of step.top)
        max = Math.max(max, Math.abs(logprob - (row[token] as number)));
    });
    return max;
  } finally {
    await model.close();
  }
}

describe.skipIf(!hasTorch)("next-token log-probabilities against a PyTorch Llama forward pass", () => {
  it("match within 1e-3 on the F32 GGUF with an f32 KV cache (measured about 1e-5)", async () => {
    const difference = await maxLogprobDifference(fixture.modelPath, {
      kvCache: "f32",
      flashAttention: false,
    });
    console.log(`F32 GGUF, f32 KV cache: max |Δ log p| = ${difference.toExponential(2)}`);
    expect(difference).toBeLessThan(1e-3);
  });

  it("stay close with F16 weights and llama.cpp's default f16 KV cache", async () => {
    const f16 = path.join(fixture.dir, "model-f16.gguf");
    await exportGguf({ checkpointDir: fixture.checkpoint.dir, outFile: f16, dtype: "f16" });
    const difference = await maxLogprobDifference(f16, {});
    console.log(`F16 GGUF, f16 KV cache: max |Δ log p| = ${difference.toExponential(2)}`);
    expect(difference).toBeLessThan(0.1);
  });
});
