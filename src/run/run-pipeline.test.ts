import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatAccuracy } from "../eval/index.js";
import { formatRunResults } from "./format-run-results.js";
import { runPipeline, type StageProgress } from "./run-pipeline.js";
import { armSummary } from "./run-results.js";
import { TINY_RUN_CONFIG } from "./test-support/tiny-run.js";

const STAGES = [
  "construct",
  "split",
  "bfcl",
  "sft",
  "sample-tps",
  "sample-baseline",
  "dpo-baseline",
  "dpo-ttpa",
  "eval-sft",
  "eval-ttpa",
  "eval-baseline_dpo",
];

describe("runPipeline (a miniature run: mechanics, not model quality)", () => {
  it("runs every stage once, records them in the manifest, and skips them all on rerun with the same results", {
    timeout: 600_000,
  }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ttpa-run-"));
    const config = TINY_RUN_CONFIG;
    const events: string[] = [];
    const progress = new Map<string, StageProgress[]>();
    const first = await runPipeline({
      config,
      dir,
      onStage: (stage, event) => events.push(`${stage}:${event}`),
      onProgress: (stage, value) => {
        const key = `${stage} ${value.unit}`;
        progress.set(key, [...(progress.get(key) ?? []), value]);
      },
    });
    expect(events.filter((e) => e.endsWith(":done")).map((e) => e.split(":")[0])).toEqual(STAGES);
    // Long stages count their work up to its end: training steps, sampled turns, each test set's targets.
    const last = (key: string) => progress.get(key)?.at(-1);
    // Each count is reported at 0 before its first item, so that a display's rate counts from the start.
    for (const key of ["sft steps", "dpo-ttpa steps", "sample-tps turns", "eval-sft seen tools targets"])
      expect(progress.get(key)?.[0], key).toMatchObject({ done: 0 });
    expect(last("sft steps")).toMatchObject({ done: config.sft.steps, total: config.sft.steps, skipped: 0 });
    for (const stage of ["dpo-baseline", "dpo-ttpa"])
      expect(last(`${stage} steps`)).toMatchObject({ done: config.dpo.steps, total: config.dpo.steps });
    for (const stage of ["sample-tps", "sample-baseline"]) {
      const turns = last(`${stage} turns`);
      expect(turns?.total, stage).toBeGreaterThan(0);
      expect(turns?.done).toBe(turns?.total);
    }
    for (const arm of first.armOrder)
      for (const set of ["seen tools", "unseen tools", "BFCL simple_python", "BFCL irrelevance"]) {
        const targets = last(`eval-${arm} ${set} targets`);
        expect(targets?.total, `${arm} ${set}`).toBe(
          set.startsWith("BFCL") ? 3 : armSummary(first, arm, set.split(" ")[0] as "seen").count,
        );
        expect(targets).toMatchObject({ done: targets?.total, skipped: 0 });
      }
    const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
    for (const stage of STAGES) expect(manifest.stages[stage]).toMatchObject({ status: "done" });
    expect(manifest.config.seed).toBe(1);
    expect(Object.keys(manifest.versions)).toEqual(["ttpa", "node", "node-llama-cpp"]);
    expect(first.armOrder).toEqual(["sft", "baseline_dpo", "ttpa"]);
    expect(first.testSets).toEqual(["seen", "unseen", "bfcl:simple_python", "bfcl:irrelevance"]);
    const table = formatRunResults(first);
    for (const arm of first.armOrder) {
      expect(armSummary(first, arm, "seen").count).toBeGreaterThan(0);
      expect(armSummary(first, arm, "unseen").count).toBeGreaterThan(0);
      // Every arm on the same sampled BFCL entries: 3 of each category, one target each.
      for (const set of ["bfcl:simple_python", "bfcl:irrelevance"] as const) {
        const summary = armSummary(first, arm, set);
        expect(summary.count, `${arm} ${set}`).toBe(3);
        const accuracy = formatAccuracy(summary).replace(/[.()]/g, "\\$&");
        expect(table).toMatch(new RegExp(`${arm}\\s*│\\s*${set}\\s*│\\s*3\\s*│\\s*${accuracy}`));
      }
    }
    const lines = (file: string) =>
      readFileSync(path.join(dir, file), "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    for (const category of ["simple_python", "irrelevance"]) {
      const entries = lines(path.join("bfcl", `${category}.jsonl`));
      expect(entries.map((entry) => entry.meta.category)).toEqual([category, category, category]);
      const ids = new Set(entries.map((entry) => entry.id));
      for (const arm of first.armOrder) {
        const predicted = lines(path.join(`eval-${arm}`, `bfcl-${category}.predictions.jsonl`));
        for (const { id } of predicted) expect(ids.has(id), `${arm} predicted ${id}`).toBe(true);
      }
    }

    events.length = 0;
    const second = await runPipeline({
      config,
      dir,
      onStage: (stage, event) => events.push(`${stage}:${event}`),
    });
    expect(events).toEqual(STAGES.map((stage) => `${stage}:skip`));
    expect(second).toEqual(first);

    // Knobs only the TTPA arm reads retrain and re-evaluate that arm alone.
    events.length = 0;
    await runPipeline({
      config: {
        ...config,
        dpo: {
          ...config.dpo,
          ttpaLoss: config.dpo.ttpaLoss === "ipo" ? "sigmoid" : "ipo",
          ttpaPairWeighting: config.dpo.ttpaPairWeighting === "uniform" ? "error_balanced" : "uniform",
          ttpaRejectedScope: config.dpo.ttpaRejectedScope === "completion" ? "divergence" : "completion",
        },
      },
      dir,
      onStage: (stage, event) => events.push(`${stage}:${event}`),
    });
    expect(events.filter((e) => !e.endsWith(":skip"))).toEqual([
      "dpo-ttpa:start",
      "dpo-ttpa:done",
      "eval-ttpa:start",
      "eval-ttpa:done",
    ]);

    // The chosen threshold is both samplers': at 1 every chosen side of both arms is exactly right;
    // lowering it resamples both and reruns every stage after them.
    const chosenSides = () =>
      ["sample-tps", "sample-baseline"].flatMap((sampler) =>
        lines(path.join(sampler, "pairs.jsonl")).map((pair) => pair.meta),
      );
    expect(config.sample.threshold).toBe(1);
    for (const meta of chosenSides())
      expect(meta).toMatchObject({ chosen_score: 1, sampler: { threshold: 1 } });
    events.length = 0;
    await runPipeline({
      config: { ...config, sample: { ...config.sample, threshold: 0.5 } },
      dir,
      onStage: (stage, event) => events.push(`${stage}:${event}`),
    });
    expect(events.filter((e) => e.endsWith(":done")).map((e) => e.split(":")[0])).toEqual(
      STAGES.slice(4).filter((stage) => stage !== "eval-sft"),
    );
    const resampled = chosenSides();
    expect(resampled.length).toBeGreaterThan(0);
    for (const meta of resampled) {
      expect(meta.sampler.threshold).toBe(0.5);
      expect(meta.chosen_score).toBeGreaterThanOrEqual(0.5);
    }

    // More eval targets: the evaluations run again and keep every prediction made, adding the new
    // targets' (their files grow, the old lines unchanged); nothing is trained again.
    const lowered = { ...config, sample: { ...config.sample, threshold: 0.5 } };
    const predictions = (arm: string) =>
      readFileSync(path.join(dir, `eval-${arm}`, "seen.predictions.jsonl"), "utf8");
    const before = Object.fromEntries(first.armOrder.map((arm) => [arm, predictions(arm)]));
    // A folder from before itemKeys: a rerun that skips its evaluations records them.
    const manifestFile = path.join(dir, "manifest.json");
    const stripped = JSON.parse(readFileSync(manifestFile, "utf8"));
    for (const arm of first.armOrder) delete stripped.stages[`eval-${arm}`].itemKey;
    writeFileSync(manifestFile, JSON.stringify(stripped));
    await runPipeline({ config: lowered, dir });
    const restored = JSON.parse(readFileSync(manifestFile, "utf8"));
    for (const arm of first.armOrder)
      expect(restored.stages[`eval-${arm}`].itemKey, arm).toMatch(/^[0-9a-f]{16}$/);
    const seenRecords = lines(path.join("split", "test.jsonl")).length;
    expect(seenRecords).toBeGreaterThan(config.eval.maxTargets);
    events.length = 0;
    progress.clear();
    const grown = await runPipeline({
      config: { ...lowered, eval: { ...lowered.eval, maxTargets: seenRecords } },
      dir,
      onStage: (stage, event) => events.push(`${stage}:${event}`),
      onProgress: (stage, value) => progress.set(`${stage} ${value.unit}`, [value]),
    });
    expect(events.filter((e) => e.endsWith(":done")).map((e) => e.split(":")[0])).toEqual(STAGES.slice(8));
    for (const arm of first.armOrder) {
      const after = predictions(arm);
      expect(after.startsWith(before[arm] as string), arm).toBe(true);
      expect(after.length).toBeGreaterThan((before[arm] as string).length);
      const { count } = armSummary(first, arm, "seen");
      expect(armSummary(grown, arm, "seen").count).toBeGreaterThan(count);
      expect(last(`eval-${arm} seen tools targets`), arm).toMatchObject({ skipped: count });
    }

    // Weights deleted to save disk: only the stages that made them run again, to the same bytes
    // (seeded training); the samplers' pairs and the evaluations are kept.
    const current = { ...lowered, eval: { ...lowered.eval, maxTargets: seenRecords } };
    const digests = () => JSON.parse(readFileSync(manifestFile, "utf8")).stages.sft.digests;
    const sftDigests = digests();
    expect(Object.keys(sftDigests)).toEqual(["sft/model.gguf"]);
    for (const output of ["sft/model", "sft/model.gguf", "dpo-ttpa/model.gguf"])
      rmSync(path.join(dir, output), { recursive: true });
    const notes: string[] = [];
    events.length = 0;
    const remade = await runPipeline({
      config: current,
      dir,
      onStage: (stage, event) => events.push(`${stage}:${event}`),
      onNote: (stage, note) => notes.push(`${stage}: ${note}`),
    });
    expect(events.filter((e) => e.endsWith(":done"))).toEqual(["sft:done", "dpo-ttpa:done"]);
    expect(notes).toEqual([
      "sft: done before, but sft/model, sft/model.gguf are missing: made again",
      "dpo-ttpa: done before, but dpo-ttpa/model.gguf is missing: made again",
    ]);
    expect(digests()).toEqual(sftDigests);
    expect(remade).toEqual(grown);

    // Made again to other bytes (here: the recorded digest no longer matches): the stages after it
    // were made from the old model, so they are made again too.
    const tampered = JSON.parse(readFileSync(manifestFile, "utf8"));
    tampered.stages.sft.digests["sft/model.gguf"] = "0".repeat(64);
    writeFileSync(manifestFile, JSON.stringify(tampered));
    rmSync(path.join(dir, "sft", "model.gguf"));
    events.length = 0;
    notes.length = 0;
    progress.clear();
    await runPipeline({
      config: current,
      dir,
      onStage: (stage, event) => events.push(`${stage}:${event}`),
      onNote: (stage, note) => notes.push(`${stage}: ${note}`),
      onProgress: (stage, value) => progress.set(`${stage} ${value.unit}`, [value]),
    });
    expect(events.filter((e) => e.endsWith(":done")).map((e) => e.split(":")[0])).toEqual(STAGES.slice(3));
    expect(notes).toContain(
      `sft: made again, sft/model.gguf differs from the one the stages after it used: ${STAGES.slice(4).join(", ")} will be made again`,
    );
    // The evaluations predicted every target again: the old model's predictions were removed.
    for (const arm of first.armOrder)
      expect(last(`eval-${arm} seen tools targets`), arm).toMatchObject({ skipped: 0, total: seenRecords });
  });
});
