import { describe, expect, it } from "vitest";
import { SamplerMemoryBudget } from "./sampler-memory-budget.js";

describe("SamplerMemoryBudget", () => {
  it("forces a collection each time the calls' sampler arrays reach the budget", () => {
    let collected = 0;
    // 1,000 tokens x 12 bytes = 12,000 bytes per call; 50,000 bytes = a collection every 5th call.
    const budget = new SamplerMemoryBudget({
      vocabularySize: 1000,
      budgetBytes: 50_000,
      collect: () => collected++,
    });
    for (let i = 0; i < 4; i++) budget.charge(1);
    expect(collected).toBe(0);
    budget.charge(1);
    expect(collected).toBe(1);
    budget.charge(4);
    expect(collected).toBe(1);
    budget.charge(2);
    expect([collected, budget.collections]).toEqual([2, 2]);
  });

  it("never collects with a budget of 0", () => {
    let collected = 0;
    const budget = new SamplerMemoryBudget({
      vocabularySize: 262_144,
      budgetBytes: 0,
      collect: () => collected++,
    });
    budget.charge(1_000_000);
    expect(collected).toBe(0);
  });

  it("refuses a budget that is not a byte count", () => {
    expect(() => new SamplerMemoryBudget({ vocabularySize: 10, budgetBytes: -1 })).toThrow(
      /samplerMemoryBudget/,
    );
    expect(() => new SamplerMemoryBudget({ vocabularySize: 10, budgetBytes: Number.NaN })).toThrow(/>= 0/);
  });

  it("runs V8's full collection without --expose-gc: a collected object's WeakRef empties", async () => {
    let target: object | undefined = { payload: new Array(1000).fill(1) };
    const ref = new WeakRef(target);
    target = undefined;
    // V8 keeps a WeakRef's target alive until the end of the job that made or read it.
    const nextJob = () => new Promise((resolve) => setImmediate(resolve));
    await nextJob();
    expect(ref.deref()).toBeDefined();
    await nextJob();
    new SamplerMemoryBudget({ vocabularySize: 1, budgetBytes: 1 }).charge(1);
    expect(ref.deref()).toBeUndefined();
  });
});
