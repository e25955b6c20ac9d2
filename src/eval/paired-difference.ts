import { wilsonInterval } from "./wilson-interval.js";

/**
 * Two systems scored on the same entries: how many both got right, only the first, only the
 * second, neither.
 */
export interface PairedCounts {
  both: number;
  aOnly: number;
  bOnly: number;
  neither: number;
}

/** Accuracy of A minus accuracy of B on the same entries, with its 95% interval (fractions). */
export interface PairedDifference {
  difference: number;
  low: number;
  high: number;
}

/**
 * The difference between two accuracies measured on the same entries, with Newcombe's (1998)
 * interval for paired proportions (his method 10: each accuracy's Wilson interval, combined with
 * the correlation of the paired outcomes). Pairing is why it is much narrower than the two
 * accuracies' own intervals would suggest: entries both systems get right or both get wrong carry
 * no evidence about the difference. Unlike the normal approximation it stays inside [-1, 1] and is
 * sound with few discordant entries, which is where 40 BFCL entries put a comparison of arms.
 */
export function pairedDifference(counts: PairedCounts, z = 1.959964): PairedDifference {
  const { both, aOnly, bOnly, neither } = counts;
  const n = both + aOnly + bOnly + neither;
  if (n === 0) return { difference: 0, low: -1, high: 1 };
  const p1 = (both + aOnly) / n;
  const p2 = (both + bOnly) / n;
  const [l1, u1] = wilsonInterval(both + aOnly, n, z);
  const [l2, u2] = wilsonInterval(both + bOnly, n, z);
  // The phi coefficient of the 2x2 table, with Newcombe's continuity correction of its numerator.
  const margins = (both + aOnly) * (bOnly + neither) * (both + bOnly) * (aOnly + neither);
  const cross = both * neither - aOnly * bOnly;
  const corrected = cross > n / 2 ? cross - n / 2 : Math.min(cross, 0);
  const phi = margins === 0 ? 0 : corrected / Math.sqrt(margins);
  const difference = p1 - p2;
  const below = Math.sqrt(Math.max(0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2));
  const above = Math.sqrt(Math.max(0, (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2));
  return { difference, low: Math.max(-1, difference - below), high: Math.min(1, difference + above) };
}
