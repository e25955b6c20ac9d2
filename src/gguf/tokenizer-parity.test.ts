import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { getLlama, type LlamaModel } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportGguf } from "./export-gguf.js";
import { randomTexts, type TinyPreTokenizer, writeTinyLlamaCheckpoint } from "./test-support/index.js";

const FIXED = [
  "Hello world!",
  "The weather in Paris is sunny today, and the weather in Berlin is rainy.",
  '{"name": "get_weather", "arguments": {"city": "Paris", "days": 3}}',
  '<tool_call>{"name": "f"}</tool_call>',
  "<|im_start|>user\nWhat's up?<|eot_id|><|im_start|>assistant\n",
  "It's they've we'll I'M DON'T you'D",
  "  leading spaces",
  "trailing spaces   ",
  "a  b   c    d\t\te\n\n\nf\r\ng",
  " \t \n ",
  "numbers 1234567 and 3.14159 and 1,000,000",
  "unicode: héllo wörld — 東京 🚀 ñ ÅÄÖ ﬁ",
  "emoji 👍🏽 family 👨‍👩‍👧 flags 🇫🇷",
  "ＡＢＣ１２３　full width",
  "mixed123abc456DEF",
  "...!!!???;;;",
  "tabs\tinside\twords",
  "x\u00a0y\u2003z",
  "",
];

// Pieces chosen to hit every branch of the pre-tokenizer regexes when concatenated at random.
const PIECES = [
  "a",
  "Z",
  "é",
  "東",
  "🚀",
  "1",
  "23",
  "4567",
  " ",
  "  ",
  "\t",
  "\n",
  "\r\n",
  "\n\n",
  "'s",
  "'T",
  "'re",
  "'ll",
  "'d",
  ".",
  ",",
  "!?",
  "{",
  "}",
  '"',
  ":",
  "_",
  "-",
  "é",
  "the",
  " the",
  "weather",
  " Paris",
  "<|eot_id|>",
  "<tool_call>",
  "\u00a0",
  "ß",
  "Ω",
  "ǅ",
  "٣",
  "½",
  "$",
  "€",
];

// A tokenizer exported under another pre-tokenizer name, to show the test would notice.
const WRONG: Record<TinyPreTokenizer, string> = {
  "llama-bpe": "gpt-2",
  "gpt-2": "llama-bpe",
  qwen2: "llama-bpe",
  smollm: "gpt-2",
};

describe.each(["llama-bpe", "gpt-2", "qwen2", "smollm"] as const)(
  "tokenizer parity, pre-tokenizer %s",
  (pre: TinyPreTokenizer) => {
    let dir: string;
    let model: LlamaModel;
    let reference: Tokenizer;
    let checkpoint: Awaited<ReturnType<typeof writeTinyLlamaCheckpoint>>;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), "ttpa-tok-"));
      // 200 merges learned across word boundaries: a wrong pre-tokenizer changes about a fifth of the random strings.
      checkpoint = await writeTinyLlamaCheckpoint({
        dir: path.join(dir, "tiny"),
        pre,
        merges: 200,
        hidden: 32,
        layers: 1,
        heads: 2,
        kvHeads: 1,
      });
      const out = path.join(dir, "tiny.gguf");
      expect((await exportGguf({ checkpointDir: checkpoint.dir, outFile: out, dtype: "f16" })).pre).toBe(pre);
      reference = new Tokenizer(checkpoint.tokenizer.tokenizerJson, checkpoint.tokenizer.tokenizerConfig);
      const llama = await getLlama({ gpu: false, build: "never" });
      model = await llama.loadModel({ modelPath: out });
    });
    afterAll(async () => {
      await model?.dispose();
      await rm(dir, { recursive: true, force: true });
    });

    const mismatches = (llamaCpp: LlamaModel): string[] => {
      const found: string[] = [];
      for (const text of [...FIXED, ...randomTexts(PIECES, 400, pre.length, 12)]) {
        // tokenizers.js's Digits step splits on JS \d (ASCII digits only); the Rust tokenizers and
        // llama.cpp split every Unicode number (½, ², ٣), so the JS reference is wrong there.
        if (pre === "smollm" && /[^\P{N}0-9]/u.test(text)) continue;
        const expected = reference.encode(text, { add_special_tokens: false }).ids;
        const actual = llamaCpp.tokenize(text, true);
        if (JSON.stringify(actual) !== JSON.stringify(expected))
          found.push(`${JSON.stringify(text)}: ${actual} vs ${expected}`);
      }
      return found;
    };

    it("llama.cpp tokenizes like tokenizer.json on a fixed corpus and 400 random strings", () => {
      expect(mismatches(model)).toEqual([]);
    });

    it("would catch a wrong pre-tokenizer: the same tokenizer exported with another 'pre' disagrees", async () => {
      const out = path.join(dir, "wrong.gguf");
      await exportGguf({
        checkpointDir: checkpoint.dir,
        outFile: out,
        dtype: "f16",
        pre: WRONG[pre],
      });
      const wrong = await (await getLlama({ gpu: false, build: "never" })).loadModel({ modelPath: out });
      expect(mismatches(wrong).length).toBeGreaterThan(20);
      await wrong.dispose();
    });

    it("adds BOS exactly when tokenizer.json's post-processor does", () => {
      expect(reference.encode("hi").ids[0]).toBe(model.tokens.bos);
      expect(model.tokens.shouldPrependBosToken).toBe(true);
    });
  },
);
