import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BFCL_IMPORT_CATEGORIES } from "../bfcl/index.js";
import {
  DEMO_CONFIG,
  PRETRAINED_MODEL_DEFAULTS,
  QUICK_CONFIG,
  readRunConfig,
  resolveRunConfig,
} from "./run-config.js";

describe("resolveRunConfig", () => {
  it("runs the demo on Gemma 3 270M with synthesized tools and BFCL samples, --quick on the tiny model without BFCL", () => {
    expect(DEMO_CONFIG.model).toEqual(PRETRAINED_MODEL_DEFAULTS);
    expect(DEMO_CONFIG.toolset).toEqual({ type: "synth", count: 2000 });
    expect(DEMO_CONFIG.eval.bfcl.categories).toContain("simple_python");
    expect(QUICK_CONFIG.model.type).toBe("scratch");
    expect(QUICK_CONFIG.eval.bfcl.categories).toEqual([]);
  });

  it("merges a partial bfcl section into the defaults", () => {
    const demoCategories = [...DEMO_CONFIG.eval.bfcl.categories];
    const config = resolveRunConfig({ eval: { bfcl: { categories: ["simple_python", "live_multiple"] } } });
    expect(config.eval).toEqual({
      maxTargets: DEMO_CONFIG.eval.maxTargets,
      bfcl: { categories: ["simple_python", "live_multiple"], maxTargets: DEMO_CONFIG.eval.bfcl.maxTargets },
    });
    expect(DEMO_CONFIG.eval.bfcl.categories).toEqual(demoCategories); // the defaults are not changed by a merge
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

  it("takes the TTPA arm's loss from the trainer's closed set, keeping the other dpo knobs", () => {
    const config = resolveRunConfig({ dpo: { ttpaLoss: "sigmoid" } });
    expect(config.dpo).toMatchObject({ ttpaLoss: "sigmoid", marginScale: 1, steps: 12, sftWeight: 2 });
    expect(() => resolveRunConfig({ dpo: { ttpaLoss: "dpo" } })).toThrow(
      /invalid run config \(dpo\.ttpaLoss: must be one of .*esm_margin/,
    );
  });

  it("takes the TTPA arm's rejected scope from a closed set", () => {
    expect(resolveRunConfig({ dpo: { ttpaRejectedScope: "completion" } }).dpo.ttpaRejectedScope).toBe(
      "completion",
    );
    expect(() => resolveRunConfig({ dpo: { ttpaRejectedScope: "token" } })).toThrow(
      /invalid run config \(dpo\.ttpaRejectedScope: must be one of .*divergence/,
    );
  });

  it("takes the samplers' chosen threshold in [0, 1], the demo's unless given; the quick run leaves it to ESM", () => {
    expect(QUICK_CONFIG.sample.threshold).toBeUndefined();
    expect(resolveRunConfig({}).sample.threshold).toBe(1);
    expect(resolveRunConfig({ sample: { threshold: 0.8 } }).sample).toMatchObject({
      threshold: 0.8,
      turns: 24,
    });
    expect(() => resolveRunConfig({ sample: { threshold: 1.5 } })).toThrow(
      /invalid run config \(sample\.threshold: must be <= 1/,
    );
  });

  it("takes the TTPA arm's pair weighting from a closed set", () => {
    expect(resolveRunConfig({ dpo: { ttpaPairWeighting: "error_balanced" } }).dpo.ttpaPairWeighting).toBe(
      "error_balanced",
    );
    expect(() => resolveRunConfig({ dpo: { ttpaPairWeighting: "balanced" } })).toThrow(
      /invalid run config \(dpo\.ttpaPairWeighting: must be one of .*error_balanced/,
    );
  });

  it("takes a toolset path or synthesized tools, and a model section of another type from that type's defaults", () => {
    expect(resolveRunConfig({ toolset: "tools.json" }).toolset).toBe("tools.json");
    expect(resolveRunConfig({ toolset: { type: "synth", count: 50 } }).toolset).toEqual({
      type: "synth",
      count: 50,
    });
    expect(() => resolveRunConfig({ toolset: { type: "synth" } })).toThrow(/invalid run config \(toolset/);
    expect(resolveRunConfig({ model: { type: "scratch", preset: "small" } }).model).toEqual({
      ...QUICK_CONFIG.model,
      preset: "small",
    });
    expect(resolveRunConfig({ threads: 2 }).threads).toBe(2);
    expect(DEMO_CONFIG.threads).toBeUndefined(); // llama.cpp's default unless a config says otherwise
    expect(() => resolveRunConfig({ threads: 0 })).toThrow(/invalid run config \(threads/);
    // The demo's model is pretrained: a scratch setting without the type names the mismatch.
    expect(() => resolveRunConfig({ model: { preset: "tiny" } })).toThrow(
      /model\.preset is not a setting of model\.type pretrained/,
    );
  });

  it("ships a config that runs the demo on every BFCL AST and relevance entry and held-out target, and changes nothing else", async () => {
    const file = path.resolve(
      path.dirname(fileURLToPath(import.meta.url)),
      "../../examples/run-configs/demo-full-bfcl.yaml",
    );
    const config = await readRunConfig(file);
    expect([...config.eval.bfcl.categories].sort()).toEqual([...BFCL_IMPORT_CATEGORIES].sort());
    expect(config.eval.bfcl.maxTargets).toBeGreaterThan(1053); // live_multiple, the largest category
    expect(config.eval.maxTargets).toBeGreaterThanOrEqual(1000); // every held-out conversation
    // Every other section is the demo's (threads are in no stage's key), so in the demo's folder the
    // trained arms keep their stage keys.
    const { threads, ...rest } = config;
    expect(threads).toBe(2);
    expect({ ...rest, eval: DEMO_CONFIG.eval }).toEqual(DEMO_CONFIG);
  });
});
