import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { getLlama } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderChat } from "../chat-template/index.js";
import { loadTokenizer } from "../tokenizer/index.js";
import { findPython } from "../training/find-python.js";
import { compareWithPyTorch, llamaCppLogprobs, randomTexts, runPythonModule } from "./test-support/index.js";

const hasTransformers = await findPython()
  .then(({ python }) => spawnSync(python, ["-c", "import transformers, gguf"]).status === 0)
  .catch(() => false);

const CONVERSATIONS = [
  [
    { role: "user", content: "What's the weather in Paris today? It's 3.14 days, 東京 🚀" },
    {
      role: "assistant",
      content: '<tool_call>{"name": "get_weather", "arguments": {"city": "Paris"}}</tool_call>',
    },
  ],
  [
    { role: "system", content: "  tabs\tand\nnewlines  " },
    { role: "user", content: "héllo wörld ñ, they've we'll 1234567" },
    { role: "assistant", content: "the weather in Berlin is rainy" },
  ],
] as const;

/** Conversations rendered with the model's own chat template, as `predict` and training render them. */
async function renderedConversations(dir: string): Promise<string[]> {
  const tokenizer = await loadTokenizer({ dir });
  return CONVERSATIONS.map((messages) =>
    renderChat({
      messages: messages.map((m) => ({ ...m })),
      chatTemplate: tokenizer.chatTemplate as string,
      ...(tokenizer.bosToken ? { bosToken: tokenizer.bosToken } : {}),
      ...(tokenizer.eosToken ? { eosToken: tokenizer.eosToken } : {}),
    }),
  );
}

// Pieces concatenated at random: words of the fixtures' corpus, characters outside it (byte
// fallback), runs of spaces and newlines, digits, the special and added tokens' text.
const PIECES = [
  "the",
  " weather",
  "Paris",
  "é",
  "東京",
  "🚀",
  "ß",
  "Ω",
  "٣",
  "½",
  "ﬁ",
  "1",
  "234",
  " ",
  "  ",
  "\t",
  "\n",
  "\n\n",
  "\r\n",
  "'s",
  "'ll",
  ".",
  ",",
  "{",
  '"',
  ":",
  "_",
  "<tool_call>",
  "<|im_end|>",
  "<end_of_turn>",
  "<|eot_id|>",
  "\u00a0",
  "x",
  "Z",
];

/** Texts where the TS tokenizer (tokenizer.json) and llama.cpp (the GGUF) give different ids. */
async function tokenizerMismatches(dir: string, gguf: string, texts: string[]): Promise<string[]> {
  const tokenizer = await loadTokenizer({ dir });
  const llama = await getLlama({ gpu: false, build: "never" });
  const model = await llama.loadModel({ modelPath: gguf });
  try {
    return texts.flatMap((text) => {
      const expected = tokenizer.encode(text);
      const actual = model.tokenize(text, true);
      return JSON.stringify(actual) === JSON.stringify(expected)
        ? []
        : [`${JSON.stringify(text)}: llama.cpp ${actual} vs ${expected}`];
    });
  } finally {
    await model.dispose();
  }
}

describe.skipIf(!hasTransformers).each(["gemma3", "llama", "qwen2", "qwen3"])(
  "%s: Hugging Face ↔ GGUF",
  (arch) => {
    let root: string;
    let dir: string;
    let gguf: string;
    // GGUF → Hugging Face → GGUF: the model imported back from `gguf`, and exported again
    let back: string;
    let again: string;
    beforeAll(async () => {
      root = await mkdtemp(path.join(tmpdir(), `ttpa-convert-${arch}-`));
      dir = path.join(root, "hf");
      gguf = path.join(root, "model.gguf");
      back = path.join(root, "imported");
      again = path.join(root, "again.gguf");
      await runPythonModule("trainer.tests.convert_fixtures", [arch, dir]);
      await runPythonModule("trainer", ["export-gguf", dir, "--out", gguf]);
      await runPythonModule("trainer", ["import-gguf", gguf, "--out", back]);
      await runPythonModule("trainer", ["export-gguf", back, "--out", again]);
    }, 240_000);
    afterAll(async () => {
      if (root) await rm(root, { recursive: true, force: true });
    });

    it("llama.cpp's next-token log-probs on the F32 GGUF equal PyTorch's (whole vocabulary, 2×8 steps)", async () => {
      const llamaCpp = await llamaCppLogprobs(gguf, await renderedConversations(dir), { steps: 8 });
      const { maxDifference, disagreements } = await compareWithPyTorch(dir, llamaCpp);
      console.log(`${arch}: max |Δ log p| = ${maxDifference.toExponential(2)}`);
      expect(maxDifference).toBeLessThan(1e-3);
      expect(disagreements).toEqual([]);
    });

    it("llama.cpp tokenizes rendered conversations exactly as tokenizer.json does", async () => {
      const texts = [
        ...(await renderedConversations(dir)),
        "  leading",
        "trailing  ",
        "a  b\n\n c",
        "ÅÄÖ ﬁ x\u00a0y",
        ...randomTexts(PIECES, 300, 7, 10),
      ];
      expect(await tokenizerMismatches(dir, gguf, texts)).toEqual([]);
    });

    it("GGUF → Hugging Face → GGUF keeps llama.cpp's log-probs", async () => {
      const texts = await renderedConversations(dir);
      const first = await llamaCppLogprobs(gguf, texts, { steps: 8, topK: 50 });
      expect(await llamaCppLogprobs(again, texts, { steps: 8, topK: 50 })).toEqual(first);
    });

    it("a LoRA-trained checkpoint, merged and exported, gives llama.cpp the trained model's log-probs", async () => {
      const tokenizer = await loadTokenizer({ dir });
      const texts = await renderedConversations(dir);
      // The rendered conversations, loss on their second half: a few steps move the adapters.
      const examples = texts.map((text) => {
        const ids = tokenizer.encode(text);
        return JSON.stringify({ input_ids: ids, loss_mask: ids.map((_, i) => (2 * i > ids.length ? 1 : 0)) });
      });
      const train = path.join(root, "lora-train.jsonl");
      await writeFile(
        train,
        `${Array.from({ length: 8 }, () => examples)
          .flat()
          .join("\n")}\n`,
      );
      const trained = path.join(root, "lora");
      await runPythonModule("trainer", [
        ...[
          "sft",
          "--model",
          dir,
          "--train-file",
          train,
          "--out",
          trained,
          "--steps",
          "6",
          "--batch-size",
          "4",
        ],
        // The end-of-turn row trains too (where the tokenizer names one) at the adapters' own rate: at
        // the default 30x (a rate of 0.3 here) llama.cpp's log p differed from PyTorch's by 1.7e-3 on Gemma.
        ...["--lr", "1e-2", "--lora-r", "4", "--lora-alpha", "8", "--lora-end-of-turn-lr", "1"],
        ...["--threads", "1", "--device", "cpu"],
      ]);
      const exported = path.join(root, "lora.gguf");
      await runPythonModule("trainer", ["export-gguf", trained, "--out", exported]);
      const llamaCpp = await llamaCppLogprobs(exported, texts, { steps: 8 });
      const { maxDifference, disagreements } = await compareWithPyTorch(trained, llamaCpp);
      expect(maxDifference).toBeLessThan(1e-3);
      expect(disagreements).toEqual([]); // the same greedy token at every step
      expect(llamaCpp).not.toEqual(await llamaCppLogprobs(gguf, texts, { steps: 8 })); // training changed it
    });

    it("the imported checkpoint computes the same model in PyTorch and tokenizes as llama.cpp does", async () => {
      const texts = await renderedConversations(dir);
      const llamaCpp = await llamaCppLogprobs(again, texts, { steps: 4, topK: 50 });
      expect((await compareWithPyTorch(back, llamaCpp)).maxDifference).toBeLessThan(1e-3);
      // its tokenizer.json is transformers' rebuild from the GGUF's vocabulary
      expect(await tokenizerMismatches(back, again, [...texts, ...randomTexts(PIECES, 300, 8, 10)])).toEqual(
        [],
      );
    });
  },
);
