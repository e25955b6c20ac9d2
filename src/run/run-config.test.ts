import { describe, expect, it } from "vitest";
import { DEMO_CONFIG, QUICK_CONFIG, resolveRunConfig } from "./run-config.js";

describe("resolveRunConfig: eval.bfcl", () => {
  it("has no BFCL test sets unless categories are given, so the demo runs as before", () => {
    expect(DEMO_CONFIG.eval.bfcl.categories).toEqual([]);
    expect(QUICK_CONFIG.eval.bfcl.categories).toEqual([]);
  });

  it("merges a partial bfcl section into the defaults", () => {
    const config = resolveRunConfig({ eval: { bfcl: { categories: ["simple_python", "live_multiple"] } } });
    expect(config.eval).toEqual({
      maxTargets: DEMO_CONFIG.eval.maxTargets,
      bfcl: { categories: ["simple_python", "live_multiple"], maxTargets: DEMO_CONFIG.eval.bfcl.maxTargets },
    });
    expect(DEMO_CONFIG.eval.bfcl.categories).toEqual([]); // the defaults are not changed by a merge
  });

  it("rejects a category the checker does not score, naming the field and the choices", () => {
    expect(() => resolveRunConfig({ eval: { bfcl: { categories: ["multi_turn_base"] } } })).toThrow(
      /invalid run config \(eval\.bfcl\.categories\[0\]: must be one of .*simple_python/,
    );
    expect(() => resolveRunConfig({ eval: { bfcl: { maxTargets: 0 } } })).toThrow(/eval\.bfcl\.maxTargets/);
    expect(() => resolveRunConfig({ eval: { bfcl: { categories: ["multiple", "multiple"] } } })).toThrow(
      /eval\.bfcl\.categories/,
    );
  });
});
