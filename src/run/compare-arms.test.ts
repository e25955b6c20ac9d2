import { describe, expect, it } from "vitest";
import { compareArms, formatArmComparisons, type RunOutcomes } from "./compare-arms.js";
import type { TestSet } from "./test-set.js";

/** Outcomes of one run from strings of 1 (right) and 0 (wrong), one character per target. */
function run(sets: Partial<Record<TestSet, Record<string, string>>>): RunOutcomes {
  const testSets = Object.keys(sets) as TestSet[];
  const armOrder = Object.keys(Object.values(sets)[0] ?? {}) as RunOutcomes["armOrder"];
  const outcomes: RunOutcomes["outcomes"] = {};
  for (const set of testSets) {
    outcomes[set] = Object.fromEntries(
      Object.entries(sets[set] ?? {}).map(([arm, marks]) => [
        arm,
        new Map([...marks].map((mark, index) => [`${set}-${index}`, mark === "1"])),
      ]),
    );
  }
  return { armOrder, testSets, outcomes };
}

describe("compareArms", () => {
  it("pairs targets by id, pools sets into groups and seeds, and skips absent arms", () => {
    const seed = run({
      seen: { sft: "1100", baseline_dpo: "1000", ttpa: "1110" },
      unseen: { sft: "00", baseline_dpo: "01", ttpa: "01" },
      "bfcl:simple_python": { sft: "100", baseline_dpo: "110", ttpa: "011" },
      "bfcl:irrelevance": { sft: "01", baseline_dpo: "11", ttpa: "11" },
    });
    const rows = compareArms([seed, seed]);
    // No base arm: its comparison is left out; each remaining one on three groups.
    expect(rows.map((row) => `${row.a}-${row.b}:${row.group}`)).toEqual([
      "baseline_dpo-sft:held-out",
      "baseline_dpo-sft:bfcl-ast",
      "baseline_dpo-sft:bfcl-relevance",
      "ttpa-sft:held-out",
      "ttpa-sft:bfcl-ast",
      "ttpa-sft:bfcl-relevance",
      "ttpa-baseline_dpo:held-out",
      "ttpa-baseline_dpo:bfcl-ast",
      "ttpa-baseline_dpo:bfcl-relevance",
    ]);
    const ttpaSftHeldOut = rows[3];
    // seen: ttpa 1110 vs sft 1100 → both 2, ttpa only 1, neither 1; unseen: 01 vs 00 → ttpa only 1, neither 1; twice.
    expect(ttpaSftHeldOut).toMatchObject({ count: 12, both: 4, aOnly: 4, bOnly: 0, neither: 4 });
    expect(ttpaSftHeldOut?.difference).toBeCloseTo(4 / 12, 12);
    expect(ttpaSftHeldOut?.low).toBeGreaterThan(0);
    const ttpaSftAst = rows[4];
    expect(ttpaSftAst).toMatchObject({ count: 6, both: 0, aOnly: 4, bOnly: 2, neither: 0 });
    expect(ttpaSftAst?.low).toBeLessThan(0);
    expect(ttpaSftAst?.high).toBeGreaterThan(ttpaSftAst?.difference ?? 1);

    const table = formatArmComparisons(rows, 2);
    expect(table).toMatch(
      /ttpa − sft\s*│\s*held-out \(seen \+ unseen\)\s*│\s*12\s*│\s*66\.7%\s*│\s*33\.3%\s*│\s*\+33\.3 \(\+/,
    );
    expect(table).toMatch(
      /ttpa − sft\s*│\s*BFCL AST\s*│\s*6\s*│\s*66\.7%\s*│\s*33\.3%\s*│\s*\+33\.3 \(−[\d.]+ to \+[\d.]+\)\s*│\s*4 \/ 2/,
    );
    expect(table).toContain("targets of 2 seeds pooled");
  });

  it("counts a target one arm has no outcome for as wrong for that arm", () => {
    const seed = run({ seen: { sft: "11", ttpa: "1" } });
    seed.armOrder.push("baseline_dpo");
    (seed.outcomes.seen as Record<string, Map<string, boolean>>).baseline_dpo = new Map();
    const [row] = compareArms([seed]).filter((r) => r.a === "ttpa" && r.b === "sft");
    expect(row).toMatchObject({ both: 1, aOnly: 0, bOnly: 1, neither: 0 });
  });
});
