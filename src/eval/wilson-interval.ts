/**
 * The 95% Wilson score interval of a proportion `correct / count`: unlike the normal approximation
 * it stays inside [0, 1] and is sound for small counts and accuracies near 0 or 1, which is where
 * small test sets and untrained arms put us. [0, 1] when count is 0.
 */
export function wilsonInterval(correct: number, count: number, z = 1.959964): [number, number] {
  if (count === 0) return [0, 1];
  const p = correct / count;
  const z2 = z * z;
  const centre = (p + z2 / (2 * count)) / (1 + z2 / count);
  const half = (z / (1 + z2 / count)) * Math.sqrt((p * (1 - p)) / count + z2 / (4 * count * count));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
