import { describe, expect, it } from "vitest";
import { BYTE_ALPHABET, BYTE_TO_CHAR, toByteLevel } from "./byte-level.js";
import { HfByteLevelPreTokenizer, HfSplitPreTokenizer } from "./hf-tokenizers.js";
import { PRE_TOKENIZER_PATTERN, preTokenize, tokenSplitter } from "./pre-tokenize.js";
import { makeCorpus, randomUnicode, seededRandom } from "./test-support/test-corpus.js";

const librarySplit = new HfSplitPreTokenizer({
  type: "Split",
  pattern: { Regex: PRE_TOKENIZER_PATTERN },
  behavior: "Isolated",
  invert: false,
});

describe("preTokenize", () => {
  it("splits words, 1-3 digit numbers, punctuation and whitespace like Llama 3", () => {
    expect(preTokenize("Hello world's  12345 \n\n  foo!!\n")).toEqual([
      "Hello",
      " world",
      "'s",
      " ",
      " ",
      "123",
      "45",
      " \n\n",
      " ",
      " foo",
      "!!\n",
    ]);
  });

  it("splits exactly as the library's Split pre-tokenizer does with the tokenizer.json pattern", () => {
    const random = seededRandom(7);
    const texts = [
      ...makeCorpus({ texts: 100 }),
      ...Array.from({ length: 300 }, () => randomUnicode(random, 80)),
    ];
    for (const text of texts) {
      expect(preTokenize(text)).toEqual(librarySplit.pre_tokenize_text(text));
    }
  });

  it("loses no character", () => {
    const random = seededRandom(3);
    for (let i = 0; i < 200; i++) {
      const text = randomUnicode(random, 60);
      expect(preTokenize(text).join("")).toBe(text);
    }
  });
});

describe("tokenSplitter", () => {
  it("cuts at added tokens, longest first", () => {
    expect(tokenSplitter([])("abc")).toEqual([{ text: "abc", isToken: false }]);
    expect(tokenSplitter(["a.b"])("axb a.b")).toEqual([
      { text: "axb ", isToken: false },
      { text: "a.b", isToken: true },
    ]);
    expect(
      tokenSplitter(["<tool_call>", "</tool_call>", "<|end|>"])("a<tool_call>b</tool_call><|end|>"),
    ).toEqual([
      { text: "a", isToken: false },
      { text: "<tool_call>", isToken: true },
      { text: "b", isToken: false },
      { text: "</tool_call>", isToken: true },
      { text: "<|end|>", isToken: true },
    ]);
    expect(tokenSplitter(["<a", "<ab>"])("<ab>")).toEqual([{ text: "<ab>", isToken: true }]);
    expect(tokenSplitter(["x"])("")).toEqual([]);
  });
});

describe("byte level", () => {
  it("maps the 256 bytes to distinct printable characters, as the library does", () => {
    const library = new HfByteLevelPreTokenizer({
      type: "ByteLevel",
      add_prefix_space: false,
      trim_offsets: true,
      use_regex: false,
    });
    expect(new Set(BYTE_TO_CHAR).size).toBe(256);
    BYTE_TO_CHAR.forEach((char, byte) => {
      expect(char).toBe(library.byte_encoder[byte]);
      expect(char).not.toMatch(/\s/u);
    });
    expect(BYTE_ALPHABET[0]).toBe("!");
    expect(toByteLevel("a b\n")).toBe("aĠbĊ");
    expect(toByteLevel("é")).toBe("Ã©");
  });
});
