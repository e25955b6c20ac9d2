/** A pairing of rows with columns: `pairs[k] = [row, column]`, sorted by row. */
export type Pairs = Array<[number, number]>;

/**
 * The pairing of rows with columns (as many pairs as the smaller side) that maximises the summed
 * weight: the Hungarian method with potentials, O(n²m). Parallel calls are few, so this is cheap,
 * and unlike a greedy match it never lets an early pair steal a later one's partner.
 */
export function maxWeightAssignment(weights: readonly (readonly number[])[]): Pairs {
  const rows = weights.length;
  const columns = rows === 0 ? 0 : weights[0]!.length;
  if (rows === 0 || columns === 0) return [];
  if (rows === 1 && columns === 1) return [[0, 0]];
  if (rows > columns) {
    return maxWeightAssignment(transpose(weights))
      .map(([c, r]): [number, number] => [r, c])
      .sort((a, b) => a[0] - b[0]);
  }
  // Minimise cost = -weight; arrays are 1-based with index 0 as the virtual start column.
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(columns + 1);
  const owner = new Int32Array(columns + 1);
  const way = new Int32Array(columns + 1);
  for (let row = 1; row <= rows; row++) {
    owner[0] = row;
    let column0 = 0;
    const minimum = new Float64Array(columns + 1).fill(Number.POSITIVE_INFINITY);
    const used = new Uint8Array(columns + 1);
    do {
      used[column0] = 1;
      const row0 = owner[column0]!;
      let delta = Number.POSITIVE_INFINITY;
      let column1 = 0;
      for (let column = 1; column <= columns; column++) {
        if (used[column]) continue;
        const reduced = -weights[row0 - 1]![column - 1]! - u[row0]! - v[column]!;
        if (reduced < minimum[column]!) {
          minimum[column] = reduced;
          way[column] = column0;
        }
        if (minimum[column]! < delta) {
          delta = minimum[column]!;
          column1 = column;
        }
      }
      for (let column = 0; column <= columns; column++) {
        if (used[column]) {
          u[owner[column]!]! += delta;
          v[column]! -= delta;
        } else {
          minimum[column]! -= delta;
        }
      }
      column0 = column1;
    } while (owner[column0] !== 0);
    do {
      const column1 = way[column0]!;
      owner[column0] = owner[column1]!;
      column0 = column1;
    } while (column0 !== 0);
  }
  const pairs: Pairs = [];
  for (let column = 1; column <= columns; column++) {
    if (owner[column] !== 0) pairs.push([owner[column]! - 1, column - 1]);
  }
  return pairs.sort((a, b) => a[0] - b[0]);
}

/**
 * The order-preserving pairing (row i before row i' implies column j before column j') with the
 * largest summed weight: a weighted alignment, so one missing call in the middle does not shift
 * every later call onto the wrong reference. Zero-weight pairs are not made.
 */
export function maxWeightAlignment(weights: readonly (readonly number[])[]): Pairs {
  const rows = weights.length;
  const columns = rows === 0 ? 0 : weights[0]!.length;
  const best: number[][] = Array.from({ length: rows + 1 }, () => new Array<number>(columns + 1).fill(0));
  for (let i = 1; i <= rows; i++) {
    for (let j = 1; j <= columns; j++) {
      best[i]![j] = Math.max(
        best[i - 1]![j]!,
        best[i]![j - 1]!,
        best[i - 1]![j - 1]! + weights[i - 1]![j - 1]!,
      );
    }
  }
  const pairs: Pairs = [];
  let i = rows;
  let j = columns;
  while (i > 0 && j > 0) {
    const weight = weights[i - 1]![j - 1]!;
    if (weight > 0 && best[i]![j] === best[i - 1]![j - 1]! + weight) {
      pairs.push([i - 1, j - 1]);
      i--;
      j--;
    } else if (best[i]![j] === best[i - 1]![j]) i--;
    else j--;
  }
  return pairs.reverse();
}

function transpose(weights: readonly (readonly number[])[]): number[][] {
  return weights[0]!.map((_, column) => weights.map((row) => row[column]!));
}
