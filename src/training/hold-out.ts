import { SeededRandom } from "../random/seeded-random.js";

/** How many of `count` items holdOut sets aside for eval when none are given: 5%, at least one. */
export function heldOutCount(count: number): number {
  return Math.max(1, Math.round(count * 0.05));
}

/**
 * Items for training and for eval: the given eval items, or a seeded 5% (at least one) set aside
 * from the training items when none are given.
 */
export function holdOut<T>(
  items: readonly T[],
  given: readonly T[] | undefined,
  seed: number,
): { train: T[]; held: T[] } {
  if (given) return { train: [...items], held: [...given] };
  const count = heldOutCount(items.length);
  const order = new SeededRandom(seed).shuffle(items.map((_, i) => i));
  const heldIndices = new Set(order.slice(0, count));
  return {
    train: items.filter((_, i) => !heldIndices.has(i)),
    held: items.filter((_, i) => heldIndices.has(i)),
  };
}
