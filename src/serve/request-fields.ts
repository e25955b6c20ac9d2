import type { JsonObject, JsonValue } from "../json/index.js";
import { BadRequestError } from "./bad-request.js";

// OpenAI clients send null for "not set": every reader here treats null like an absent field.

function fail(field: string, problem: string): never {
  throw new BadRequestError({ field, problem });
}

/** An integer field in [min, max], or undefined when absent. */
export function optionalInteger(
  body: JsonObject,
  field: string,
  range: { min?: number; max?: number } = {},
): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = range;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    fail(field, `must be an integer between ${min} and ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A finite number field in [min, max], or undefined when absent. */
export function optionalNumber(
  body: JsonObject,
  field: string,
  range: { min?: number; max?: number } = {},
): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  const { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY } = range;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    fail(field, `must be a number between ${min} and ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function optionalBoolean(body: JsonObject, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") fail(field, `must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

/** A string or an array of strings (OpenAI's `stop`), as an array; undefined when absent. */
export function optionalStrings(body: JsonObject, field: string): string[] | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return [value];
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    fail(field, "must be a string or an array of strings");
  }
  return value as string[];
}

/** An array of token ids inside the vocabulary. */
export function tokenIdList(value: JsonValue | undefined, field: string, vocabularySize: number): number[] {
  if (!Array.isArray(value)) fail(field, "must be an array of token ids");
  return value.map((token, i) => {
    if (typeof token !== "number" || !Number.isInteger(token) || token < 0 || token >= vocabularySize) {
      fail(`${field}[${i}]`, `${JSON.stringify(token)} is not a token id (0..${vocabularySize - 1})`);
    }
    return token;
  });
}

/** Fails when a field is set to anything but its one supported value (`n`, `stream`, `echo`). */
export function onlySupported(body: JsonObject, field: string, supported: JsonValue, hint: string): void {
  const value = body[field];
  if (value === undefined || value === null || value === supported) return;
  fail(field, `only ${JSON.stringify(supported)} is supported, got ${JSON.stringify(value)}; ${hint}`);
}
