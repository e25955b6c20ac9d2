import { PairHeap } from "./pair-heap.js";

/** Pair keys pack two symbol ids into one number; ids stay below this. */
const PAIR_BASE = 2 ** 21;

export interface LearnBpeMergesOptions {
  /** Unique pre-tokens in byte-level form, each with how often it occurs in the corpus. */
  words: ReadonlyMap<string, number>;
  /** The initial symbols (the byte alphabet); every character of every word must be one of them. */
  alphabet: readonly string[];
  /** Stop once this many distinct symbols exist, alphabet included. */
  maxSymbols: number;
  /** A pair seen fewer times than this is never merged. Default 2. */
  minFrequency?: number;
}

export interface LearnedBpe {
  /** Symbol id → its string: the alphabet first, then each new merge result. */
  symbols: string[];
  /** The merges in the order learned (their rank), as pairs of symbol ids. */
  merges: [number, number][];
  /** Each training word's final segmentation into symbol ids, after all merges. */
  segmentations: Map<string, number[]>;
}

/**
 * Learns BPE merges from word counts, the way Hugging Face's BpeTrainer does: repeatedly merge the
 * most frequent adjacent pair (ties: the pair with the smaller ids). Pair counts are kept
 * incrementally and only the words containing the merged pair are revisited, so each merge costs
 * about the number of its occurrences rather than the size of the corpus.
 */
export function learnBpeMerges(options: LearnBpeMergesOptions): LearnedBpe {
  const { words, alphabet, maxSymbols } = options;
  const minFrequency = Math.max(1, options.minFrequency ?? 2);
  if (maxSymbols >= PAIR_BASE) throw new RangeError(`at most ${PAIR_BASE - 1} symbols are supported`);

  const symbols = [...alphabet];
  const symbolIds = new Map<string, number>(symbols.map((symbol, id) => [symbol, id]));

  const wordList = [...words.keys()];
  const counts = wordList.map((word) => words.get(word)!);
  const wordSymbols = wordList.map((word) =>
    Array.from(word, (char) => {
      const id = symbolIds.get(char);
      if (id === undefined) throw new Error(`character ${JSON.stringify(char)} is not in the alphabet`);
      return id;
    }),
  );

  const pairCounts = new Map<number, number>();
  const pairWords = new Map<number, Set<number>>();
  wordSymbols.forEach((syms, w) => {
    for (let i = 0; i + 1 < syms.length; i++) {
      const key = syms[i]! * PAIR_BASE + syms[i + 1]!;
      pairCounts.set(key, (pairCounts.get(key) ?? 0) + counts[w]!);
      addToSet(pairWords, key, w);
    }
  });
  const heap = new PairHeap();
  for (const [key, count] of pairCounts) heap.push(count, key);

  const merges: [number, number][] = [];
  while (symbols.length < maxSymbols) {
    const top = heap.pop();
    if (!top) break;
    const live = pairCounts.get(top.key) ?? 0;
    if (live !== top.count) {
      // Increases push a fresh entry; decreases do not, so a stale high entry is re-queued here.
      if (live > 0 && live < top.count) heap.push(live, top.key);
      continue;
    }
    if (live < minFrequency) break;

    const left = Math.floor(top.key / PAIR_BASE);
    const right = top.key % PAIR_BASE;
    const merged = symbols[left]! + symbols[right]!;
    let mergedId = symbolIds.get(merged);
    if (mergedId === undefined) {
      mergedId = symbols.length;
      symbols.push(merged);
      symbolIds.set(merged, mergedId);
    }
    merges.push([left, right]);

    const deltas = new Map<number, number>();
    for (const w of pairWords.get(top.key) ?? []) {
      const syms = wordSymbols[w]!;
      const next = mergeInWord(syms, left, right, mergedId);
      if (next === syms) continue;
      const count = counts[w]!;
      for (let i = 0; i + 1 < syms.length; i++) {
        const key = syms[i]! * PAIR_BASE + syms[i + 1]!;
        deltas.set(key, (deltas.get(key) ?? 0) - count);
      }
      for (let i = 0; i + 1 < next.length; i++) {
        const key = next[i]! * PAIR_BASE + next[i + 1]!;
        deltas.set(key, (deltas.get(key) ?? 0) + count);
        addToSet(pairWords, key, w);
      }
      wordSymbols[w] = next;
    }
    for (const [key, delta] of deltas) {
      if (delta === 0) continue;
      const count = (pairCounts.get(key) ?? 0) + delta;
      if (count > 0) {
        pairCounts.set(key, count);
        if (delta > 0) heap.push(count, key);
      } else {
        pairCounts.delete(key);
        pairWords.delete(key);
      }
    }
    pairWords.delete(top.key);
  }

  const segmentations = new Map<string, number[]>();
  wordList.forEach((word, w) => {
    segmentations.set(word, wordSymbols[w]!);
  });
  return { symbols, merges, segmentations };
}

function addToSet(sets: Map<number, Set<number>>, key: number, value: number): void {
  const set = sets.get(key);
  if (set) set.add(value);
  else sets.set(key, new Set([value]));
}

/** Replaces each non-overlapping (left, right), scanning left to right; same array if none. */
function mergeInWord(syms: number[], left: number, right: number, merged: number): number[] {
  let out: number[] | undefined;
  let i = 0;
  while (i < syms.length) {
    if (i + 1 < syms.length && syms[i] === left && syms[i + 1] === right) {
      if (!out) out = syms.slice(0, i);
      out.push(merged);
      i += 2;
    } else {
      out?.push(syms[i]!);
      i++;
    }
  }
  return out ?? syms;
}
