import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTokenizer, loadTokenizer, trainBpeTokenizer, writeTokenizerFiles } from "./index.js";
import { makeCorpus, randomUnicode, seededRandom } from "./test-support/test-corpus.js";

const SPECIALS = [
  "<|pad|>",
  "<|begin_of_text|>",
  "<|end|>",
  "<|user|>",
  { content: "<tool_call>", special: false },
  { content: "</tool_call>", special: false },
];
const corpus = makeCorpus({ texts: 600 });
const options = {
  texts: corpus,
  vocabSize: 700,
  specialTokens: SPECIALS,
  bosToken: "<|begin_of_text|>",
  eosToken: "<|end|>",
  padToken: "<|pad|>",
  chatTemplate: "{{ bos_token }}{% for m in messages %}{{ m.content }}{% endfor %}",
};
const trained = trainBpeTokenizer(options);
const tokenizer = createTokenizer({
  tokenizerJson: trained.tokenizerJson,
  tokenizerConfig: trained.tokenizerConfig,
});
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("trainBpeTokenizer", () => {
  it("fills the vocabulary to exactly vocabSize, with contiguous ids", () => {
    const ids = Object.values(trained.tokenizerJson.model.vocab).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 700 }, (_, i) => i));
    expect(trained.stats.vocabSize).toBe(700);
    expect(tokenizer.vocabSize).toBe(700);
    expect(trained.tokenizerJson.model.merges.length).toBeGreaterThanOrEqual(700 - 256 - SPECIALS.length);
  });

  it("stops early on a corpus too small to fill the vocabulary", () => {
    const small = trainBpeTokenizer({ texts: ["tiny tiny corpus"], vocabSize: 5000 });
    expect(small.stats.vocabSize).toBeLessThan(300);
    expect(Object.keys(small.tokenizerJson.model.vocab)).toHaveLength(small.stats.vocabSize);
  });

  it("writes merges whose parts and results are all in the vocabulary", () => {
    const { vocab, merges } = trained.tokenizerJson.model;
    for (const merge of merges) {
      const parts = merge.split(" ");
      expect(parts).toHaveLength(2);
      expect(vocab[parts[0]!]).toBeDefined();
      expect(vocab[parts[1]!]).toBeDefined();
      expect(vocab[parts.join("")]).toBeDefined();
    }
  });

  it("gives each added token one id, the first ids, in order", () => {
    const contents = SPECIALS.map((spec) => (typeof spec === "string" ? spec : spec.content));
    contents.forEach((content, id) => {
      expect(tokenizer.encode(content)).toEqual([id]);
      expect(tokenizer.encode(`x${content}y`)).toContain(id);
    });
    expect(tokenizer.addedTokens).toEqual(contents);
    expect(trained.tokenizerJson.added_tokens.map((token) => token.special)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
    const ids = tokenizer.encode("<|user|>hi<tool_call>{}</tool_call><|end|>");
    expect(tokenizer.decode(ids, { skipSpecialTokens: true })).toBe("hi<tool_call>{}</tool_call>");
  });

  it("encodes the corpus exactly as the library does (parity)", () => {
    const texts = [...corpus, `<|user|>${corpus[0]}<|end|><tool_call>${corpus[1]}</tool_call>`];
    for (const text of texts) expect(tokenizer.encode(text)).toEqual(trained.encodeSeen(text));
    expect(() => trained.encodeSeen("zzqxj")).toThrow(/not in the training corpus/);
  });

  it("decodes any unicode text back exactly", () => {
    const random = seededRandom(42);
    const texts = [
      "",
      " ",
      "\n\n\n",
      "a  b   c\t\td",
      "👩‍👩‍👧‍👦 family, 🇫🇷 flag, e\u0301",
      "東京都 の 天気は？ 12345678",
      "<|end|> and <tool_call> inside text",
      ...Array.from({ length: 300 }, () => randomUnicode(random, 1 + Math.floor(random() * 120))),
    ];
    for (const text of texts) expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
  });

  it("compresses the corpus (merges are used)", () => {
    const text = corpus.join("\n");
    expect(text.length / tokenizer.encode(text).length).toBeGreaterThan(2.5);
  });

  it("is deterministic: same corpus and options give byte-identical files", async () => {
    const again = trainBpeTokenizer(options);
    const [a, b] = await Promise.all([tempDir(), tempDir()]);
    await writeTokenizerFiles({ dir: a, ...trained });
    await writeTokenizerFiles({ dir: b, ...again });
    for (const file of ["tokenizer.json", "tokenizer_config.json"]) {
      expect(await readFile(join(a, file))).toEqual(await readFile(join(b, file)));
    }
  });

  it("writes files that load back into the same tokenizer", async () => {
    const dir = await tempDir();
    await writeTokenizerFiles({ dir, ...trained });
    const loaded = await loadTokenizer({ dir });
    const config = JSON.parse(await readFile(join(dir, "tokenizer_config.json"), "utf8"));
    expect(config).toMatchObject({
      bos_token: "<|begin_of_text|>",
      eos_token: "<|end|>",
      pad_token: "<|pad|>",
      model_max_length: 2048,
      clean_up_tokenization_spaces: false,
      chat_template: options.chatTemplate,
      additional_special_tokens: ["<|user|>"],
    });
    expect(config.added_tokens_decoder["4"]).toMatchObject({ content: "<tool_call>", special: false });
    expect(loaded.chatTemplate).toBe(options.chatTemplate);
    expect([loaded.bosToken, loaded.eosToken, loaded.padToken]).toEqual([
      "<|begin_of_text|>",
      "<|end|>",
      "<|pad|>",
    ]);
    for (const text of corpus.slice(0, 50)) expect(loaded.encode(text)).toEqual(tokenizer.encode(text));
    expect(loaded.tokenToId("<|end|>")).toBe(2);
    expect(loaded.idToToken(2)).toBe("<|end|>");
  });

  it("rejects a vocabulary too small for the bytes and added tokens, and unknown named tokens", () => {
    expect(() => trainBpeTokenizer({ texts: corpus, vocabSize: 260, specialTokens: SPECIALS })).toThrow(
      /vocabSize/,
    );
    expect(() => trainBpeTokenizer({ texts: corpus, vocabSize: 300, bosToken: "<s>" })).toThrow(
      /special tokens/,
    );
    expect(() => trainBpeTokenizer({ texts: corpus, vocabSize: 300, specialTokens: ["<a>", "<a>"] })).toThrow(
      /twice/,
    );
  });

  it("keeps tokens named like Object properties as ordinary tokens", () => {
    const texts = Array.from({ length: 20 }, () => "__proto__ constructor toString hasOwnProperty");
    const result = trainBpeTokenizer({ texts, vocabSize: 400 });
    const { vocab } = JSON.parse(JSON.stringify(result.tokenizerJson)).model;
    for (const word of ["__", "proto", "Ġconstructor", "ĠtoString", "ĠhasOwnProperty"])
      expect(Object.hasOwn(vocab, word)).toBe(true);
    const library = createTokenizer(result);
    expect(library.encode(texts[0]!)).toEqual(result.encodeSeen(texts[0]!));
    expect(library.decode(library.encode(texts[0]!))).toBe(texts[0]);
  });

  it("leaves added tokens out of the merges even when the corpus is full of them", () => {
    const result = trainBpeTokenizer({
      texts: Array.from({ length: 50 }, () => "<|user|><|user|>hello<tool_call>"),
      vocabSize: 400,
      specialTokens: ["<|user|>", "<tool_call>"],
    });
    expect(result.tokenizerJson.model.merges.some((merge) => merge.includes("|"))).toBe(false);
  });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "ttpa-tokenizer-"));
  dirs.push(dir);
  return dir;
}
