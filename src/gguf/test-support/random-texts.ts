import { SeededRandom } from "../../random/index.js";

/** `count` texts of 1 to `maxPieces` pieces drawn at random (seeded): tokenizer edge cases in bulk. */
export function randomTexts(
  pieces: readonly string[],
  count: number,
  seed: number,
  maxPieces: number,
): string[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: random.int(1, maxPieces) }, () => random.pick(pieces)).join(""),
  );
}
