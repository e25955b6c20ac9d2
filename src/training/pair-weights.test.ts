import { describe, expect, it } from "vitest";
import type { EsmError } from "../esm/index.js";
import type { PreferencePair } from "../pairs/index.js";
import { pairWeights } from "./pair-weights.js";

const pair = (...types: EsmError["type"][]): PreferencePair =>
  ({
    meta: { errors: types.map((type) => ({ type, path: "$", message: type })) },
  }) as unknown as PreferencePair;

describe("pairWeights", () => {
  it("counts every pair once when uniform", () => {
    expect(pairWeights([pair("format_error"), pair("format_error")], "uniform")).toEqual([1, 1]);
  });

  it("gives each kind of rejected error the same total weight, with a mean of 1", () => {
    // Three pairs whose rejected side only misses an argument, one that adds one: 2 kinds of 4 pairs.
    const pairs = [
      pair("missing_required"),
      pair("unexpected_param"),
      pair("missing_required"),
      pair("missing_required", "missing_required"),
    ];
    const weights = pairWeights(pairs, "error_balanced");
    expect(weights).toEqual([2 / 3, 2, 2 / 3, 2 / 3]);
    expect(weights.reduce((a, b) => a + b) / weights.length).toBeCloseTo(1, 12);
  });

  it("tells kinds apart by the whole set of error types, whatever their order", () => {
    const weights = pairWeights(
      [
        pair("wrong_name", "missing_required"),
        pair("missing_required", "wrong_name"),
        pair("missing_required"),
      ],
      "error_balanced",
    );
    expect(weights).toEqual([0.75, 0.75, 1.5]);
  });
});
