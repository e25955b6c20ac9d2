import { InvalidArgumentError } from "commander";

/** `"1-3"` or `"2"` → [min, max]. */
export function parseRange(text: string): [number, number] {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) throw new InvalidArgumentError(`expected N or MIN-MAX, got '${text}'`);
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  if (min < 1 || max < min) throw new InvalidArgumentError(`expected 1 <= MIN <= MAX, got '${text}'`);
  return [min, max];
}

/** `"0/4"` → shard 0 of 4. */
export function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count)
    throw new InvalidArgumentError(`expected I/N with 0 <= I < N, got '${text}'`);
  return { index, count };
}

export function parsePositiveInt(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new InvalidArgumentError(`expected a whole number >= 1, got '${text}'`);
  return value;
}

export function parseNonNegativeInt(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw new InvalidArgumentError(`expected a whole number >= 0, got '${text}'`);
  return value;
}

export function parseShare(text: string): number {
  const value = Number(text);
  if (!(value >= 0 && value < 1)) throw new InvalidArgumentError(`expected a share in [0, 1), got '${text}'`);
  return value;
}

export function parsePositiveNumber(text: string): number {
  const value = Number(text);
  if (!(value > 0 && Number.isFinite(value)))
    throw new InvalidArgumentError(`expected a number > 0, got '${text}'`);
  return value;
}

export function parseNonNegativeNumber(text: string): number {
  const value = Number(text);
  if (!(value >= 0 && Number.isFinite(value)))
    throw new InvalidArgumentError(`expected a number >= 0, got '${text}'`);
  return value;
}
