import { describe, expect, it } from "vitest";
import { learnBpeMerges } from "./learn-bpe-merges.js";
import { seededRandom } from "./test-support/test-corpus.js";

/** The textbook algorithm: recount every pair before each merge. Slow, obviously right. */
function naiveMerges(
  words: Map<string, number>,
  alphabet: string[],
  maxSymbols: number,
  minFrequency: number,
) {
  const symbols = [...alphabet];
  const entries = [...words].map(([word, count]) => ({
    syms: Array.from(word, (c) => symbols.indexOf(c)),
    count,
  }));
  const merges: [number, number][] = [];
  while (symbols.length < maxSymbols) {
    const counts = new Map<string, number>();
    for (const { syms, count } of entries) {
      for (let i = 0; i + 1 < syms.length; i++) {
        const key = `${syms[i]},${syms[i + 1]}`;
        counts.set(key, (counts.get(key) ?? 0) + count);
      }
    }
    let best: [number, number] | undefined;
    let bestCount = 0;
    for (const [key, count] of counts) {
      const pair = key.split(",").map(Number) as [number, number];
      const better =
        count > bestCount ||
        (count === bestCount && best && (pair[0] < best[0] || (pair[0] === best[0] && pair[1] < best[1])));
      if (better) {
        best = pair;
        bestCount = count;
      }
    }
    if (!best || bestCount < minFrequency) break;
    const merged = symbols[best[0]]! + symbols[best[1]]!;
    let id = symbols.indexOf(merged);
    if (id < 0) id = symbols.push(merged) - 1;
    merges.push(best);
    for (const entry of entries) {
      const out: number[] = [];
      for (let i = 0; i < entry.syms.length; i++) {
        if (i + 1 < entry.syms.length && entry.syms[i] === best[0] && entry.syms[i + 1] === best[1]) {
          out.push(id);
          i++;
        } else out.push(entry.syms[i]!);
      }
      entry.syms = out;
    }
  }
  return { symbols, merges };
}

describe("learnBpeMerges", () => {
  it("merges the most frequent pair first and stops below minFrequency", () => {
    const words = new Map([
      ["ab", 5],
      ["abc", 3],
      ["bc", 1],
    ]);
    const learned = learnBpeMerges({ words, alphabet: ["a", "b", "c"], maxSymbols: 100 });
    expect(learned.symbols).toEqual(["a", "b", "c", "ab", "abc"]);
    expect(learned.merges).toEqual([
      [0, 1],
      [3, 2],
    ]);
    expect(learned.segmentations.get("bc")).toEqual([1, 2]);
    const all = learnBpeMerges({ words, alphabet: ["a", "b", "c"], maxSymbols: 100, minFrequency: 1 });
    expect(all.symbols).toEqual(["a", "b", "c", "ab", "abc", "bc"]);
  });

  it("breaks ties by the smaller pair and handles overlapping pairs", () => {
    const tie = learnBpeMerges({
      words: new Map([
        ["yz", 2],
        ["xy", 2],
      ]),
      alphabet: ["x", "y", "z"],
      maxSymbols: 4,
    });
    expect(tie.symbols[3]).toBe("xy");
    const runs = learnBpeMerges({
      words: new Map([["aaaaa", 1]]),
      alphabet: ["a"],
      maxSymbols: 10,
      minFrequency: 1,
    });
    // aaaaa → aa·aa·a, then (aa,a) beats (aa,aa) on ids, then aa·aaa.
    expect(runs.symbols).toEqual(["a", "aa", "aaa", "aaaaa"]);
    expect(runs.segmentations.get("aaaaa")).toEqual([3]);
  });

  it("stops at maxSymbols", () => {
    const learned = learnBpeMerges({
      words: new Map([["abcabc", 9]]),
      alphabet: ["a", "b", "c"],
      maxSymbols: 4,
    });
    expect(learned.symbols).toHaveLength(4);
  });

  it("learns the same merges as recounting everything at each step", () => {
    const random = seededRandom(11);
    const alphabet = ["a", "b", "c", "d"];
    for (let trial = 0; trial < 30; trial++) {
      const words = new Map<string, number>();
      for (let w = 0; w < 40; w++) {
        let word = "";
        const length = 1 + Math.floor(random() * 9);
        for (let i = 0; i < length; i++) word += alphabet[Math.floor(random() * (trial % 2 ? 2 : 4))]!;
        words.set(word, (words.get(word) ?? 0) + 1 + Math.floor(random() * 5));
      }
      const minFrequency = 1 + (trial % 3);
      const fast = learnBpeMerges({ words, alphabet, maxSymbols: 60, minFrequency });
      const slow = naiveMerges(words, alphabet, 60, minFrequency);
      expect(fast.merges).toEqual(slow.merges);
      expect(fast.symbols).toEqual(slow.symbols);
    }
  });
});
