/** Test helpers: a seeded random source and text generators. Not part of the public API. */

/** mulberry32: a small seeded generator, so tests see the same "random" text on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  "the a weather city temperature call function tool argument value result user assistant " +
  "search find book flight hotel price date time Paris Tokyo London Berlin order number email " +
  "send message list items get set update delete create name query limit offset unit celsius " +
  "don't it's we're they've I'm you'll she'd running jumped quickly"
).split(" ");
const PUNCT = [".", ",", "!", "?", ":", ";", "...", "(", ")", '"', "'", "-", "/", "{", "}", "[", "]"];

/** A deterministic corpus of English-like sentences with numbers, JSON and a little unicode. */
export function makeCorpus(options: { seed?: number; texts?: number } = {}): string[] {
  const random = seededRandom(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const texts: string[] = [];
  for (let t = 0; t < (options.texts ?? 400); t++) {
    const parts: string[] = [];
    const sentences = 1 + Math.floor(random() * 6);
    for (let s = 0; s < sentences; s++) {
      const words: string[] = [];
      const length = 3 + Math.floor(random() * 12);
      for (let w = 0; w < length; w++) {
        const roll = random();
        if (roll < 0.08) words.push(String(Math.floor(random() * 100000)));
        else if (roll < 0.12) words.push(`${pick(WORDS)}${pick(PUNCT)}`);
        else if (roll < 0.14) words.push(pick(["café", "naïve", "東京", "😀", "Grüße", "ſtraße", "ÆØÅ"]));
        else words.push(random() < 0.1 ? pick(WORDS).toUpperCase() : pick(WORDS));
      }
      parts.push(`${words.join(" ")}${pick([".", "!", "?", ":"])}`);
    }
    if (random() < 0.3) {
      parts.push(
        JSON.stringify({ name: pick(WORDS), arguments: { [pick(WORDS)]: Math.floor(random() * 1000) } }),
      );
    }
    texts.push(parts.join(pick([" ", "\n", "\n\n", "  ", "\t"])));
  }
  return texts;
}

const RANGES: [number, number][] = [
  [0x20, 0x7e], // ASCII
  [0x00, 0x1f], // control characters
  [0xa0, 0x17f], // Latin-1 and Latin Extended-A (ſ, NBSP)
  [0x300, 0x36f], // combining marks
  [0x4e00, 0x4fff], // CJK
  [0x3040, 0x30ff], // kana
  [0x1f300, 0x1f64f], // emoji
  [0x2000, 0x206f], // unicode spaces and punctuation (U+2028, ZWJ)
  [0x660, 0x669], // Arabic-Indic digits
  [0xfe00, 0xfeff], // variation selectors, BOM
];
const SPECIAL_CHARS = [" ", "  ", "\n", "\r\n", "\t", "\u0085", "\u00a0", "\u3000", "'s", "'LL", "1234567"];

/** Random text over many scripts, whitespace runs and digits; always valid UTF-16. */
export function randomUnicode(random: () => number, length: number): string {
  let out = "";
  while (out.length < length) {
    if (random() < 0.2) {
      out += SPECIAL_CHARS[Math.floor(random() * SPECIAL_CHARS.length)]!;
      continue;
    }
    const [low, high] = RANGES[Math.floor(random() * RANGES.length)]!;
    out += String.fromCodePoint(low + Math.floor(random() * (high - low + 1)));
  }
  return out;
}
