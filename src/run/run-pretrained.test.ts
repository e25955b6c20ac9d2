import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GEMMA_TOOL_CHAT_TEMPLATE } from "../chat-template/index.js";
import { readGguf } from "../gguf/index.js";
import { readPairs } from "../pairs/index.js";
import type { RunResults } from "./run-results.js";
import { armSummary } from "./run-results.js";
import { completes, killDuring, runDifference, stageStatus, ttpaRun } from "./test-support/run-cli.js";
import { makeTinyGemmaGguf } from "./test-support/tiny-gemma-gguf.js";
import { TINY_RUN_CONFIG } from "./test-support/tiny-run.js";

let root: string;
let config: string;
let whole: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ttpa-run-pretrained-"));
  const gguf = await makeTinyGemmaGguf(root);
  config = path.join(root, "run.json");
  await writeFile(
    config,
    JSON.stringify({
      ...TINY_RUN_CONFIG,
      model: { type: "pretrained", gguf, maxLength: 2048, loraRank: 4, loraAlpha: 8 },
      sft: { steps: 4, batchSize: 4, lr: 1e-3 },
      sample: { ...TINY_RUN_CONFIG.sample, turns: 8 },
      // Checkpoints every 4 steps: enough steps that a kill lands between a checkpoint and the end.
      dpo: { ...TINY_RUN_CONFIG.dpo, steps: 16 },
      eval: { ...TINY_RUN_CONFIG.eval, maxTargets: 3 },
    }),
  );
  whole = path.join(root, "uninterrupted");
}, 120_000);
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** The trainer's events in a training stage's metrics.jsonl. */
const events = (dir: string, stage: string): Array<Record<string, unknown>> => {
  const file = path.join(dir, stage, "model", "metrics.jsonl");
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
};

describe("ttpa run with a pretrained GGUF (a tiny random Gemma 3: mechanics, not quality)", () => {
  it("imports it, gives it ttpa's tool format in Gemma's turns, trains LoRA adapters and exports every arm back to GGUF", {
    timeout: 900_000,
  }, async () => {
    const output = await completes(ttpaRun(config, whole));
    const done = [...output.matchAll(/^(\S+): done in/gm)].map((match) => match[1]);
    expect(done.slice(0, 5)).toEqual(["construct", "split", "bfcl", "model", "sft"]);

    // The imported checkpoint and every exported arm carry Gemma's turns with ttpa's tool format.
    const tokenizerConfig = JSON.parse(
      readFileSync(path.join(whole, "model", "checkpoint", "tokenizer_config.json"), "utf8"),
    );
    expect(tokenizerConfig).toMatchObject({
      chat_template: GEMMA_TOOL_CHAT_TEMPLATE,
      eos_token: "<end_of_turn>",
    });
    for (const file of [
      "model/model.gguf",
      "sft/model.gguf",
      "dpo-baseline/model.gguf",
      "dpo-ttpa/model.gguf",
    ]) {
      const metadata = (await readGguf(path.join(whole, file))).metadata;
      expect(metadata.get("general.architecture")?.value, file).toBe("gemma3");
      expect(metadata.get("tokenizer.chat_template")?.value, file).toBe(GEMMA_TOOL_CHAT_TEMPLATE);
      const tokens = metadata.get("tokenizer.ggml.tokens")?.value as string[];
      expect(tokens[Number(metadata.get("tokenizer.ggml.eos_token_id")?.value)], file).toBe("<end_of_turn>");
    }
    // SFT trained LoRA adapters (rank 4) and the end-of-turn row, and merged them into a plain
    // checkpoint; the preference arms leave that row as SFT left it.
    const trainerConfig = (stage: string) =>
      JSON.parse(readFileSync(path.join(whole, stage, "model", "trainer_config.json"), "utf8"));
    expect(trainerConfig("sft")).toMatchObject({
      backend: "transformers",
      lora_r: 4,
      lora_end_of_turn_lr: 30,
    });
    for (const arm of ["dpo-baseline", "dpo-ttpa"])
      expect(trainerConfig(arm)).toMatchObject({ lora_r: 4, lora_end_of_turn_lr: 0 });
    // TPS pairs are Gemma turns: the prompt is the conversation, chosen and rejected assistant messages.
    const pairs = await readPairs(path.join(whole, "sample-tps", "pairs.jsonl"));
    for (const pair of pairs) expect(pair.chosen.role).toBe("assistant");
    // The untrained model is the base arm, on the same test sets.
    const results: RunResults = JSON.parse(readFileSync(path.join(whole, "results.json"), "utf8"));
    expect(results.armOrder).toEqual(["base", "sft", "baseline_dpo", "ttpa"]);
    expect(results.testSets).toEqual(["seen", "unseen", "bfcl:simple_python", "bfcl:irrelevance"]);
    for (const arm of results.armOrder) expect(armSummary(results, arm, "seen").count).toBe(3);
    // The report shows the four arms on every test set.
    const report = readFileSync(path.join(whole, "report.html"), "utf8");
    for (const label of [
      "base model (no training)",
      "SFT + DPO (baseline pairs)",
      "BFCL simple_python",
      "BFCL irrelevance",
    ])
      expect(report).toContain(label);
  });

  it("killed in a preference arm's training and run again, it resumes from the LoRA checkpoint and ends with the uninterrupted run's results", {
    timeout: 900_000,
  }, async () => {
    const killed = path.join(root, "killed");
    const checkpoints = path.join(killed, "dpo-ttpa", "model", "checkpoints");
    await killDuring(ttpaRun(config, killed), killed, "dpo-ttpa", () => {
      const saved =
        existsSync(checkpoints) && readdirSync(checkpoints).some((name) => /^step-\d+$/.test(name));
      return saved && !events(killed, "dpo-ttpa").some((event) => event.event === "done");
    });
    expect(stageStatus(killed, "dpo-ttpa")).toBe("running");

    const rerun = await completes(ttpaRun(config, killed));
    expect(rerun).toContain("dpo-baseline: unchanged, skipped");
    // The second trainer run started after step 0: from the checkpoint, not from the SFT model.
    const starts = events(killed, "dpo-ttpa").filter((event) => event.event === "start");
    expect(starts.at(-1)?.start_step).toBeGreaterThan(0);
    const texts = [
      "sample-tps/pairs.jsonl",
      "eval-ttpa/seen.predictions.jsonl",
      "eval-ttpa/bfcl-simple_python.predictions.jsonl",
    ];
    expect(runDifference(killed, whole, texts, ["dpo-ttpa/model.gguf"])).toBeUndefined();
  });
});
