import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GEMMA_TOOL_CHAT_TEMPLATE } from "../chat-template/index.js";
import { readGguf } from "../gguf/index.js";
import { readPairs } from "../pairs/index.js";
import { resolveRunConfig } from "./run-config.js";
import { runPipeline } from "./run-pipeline.js";
import { armSummary } from "./run-results.js";
import { makeTinyGemmaGguf } from "./test-support/tiny-gemma-gguf.js";
import { TINY_RUN_CONFIG } from "./test-support/tiny-run.js";

let root: string | undefined;
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("runPipeline with a pretrained GGUF (a tiny random Gemma 3: mechanics, not quality)", () => {
  it("imports it, gives it ttpa's tool format in Gemma's turns, trains LoRA adapters and exports every arm back to GGUF", {
    timeout: 900_000,
  }, async () => {
    root = await mkdtemp(path.join(tmpdir(), "ttpa-run-pretrained-"));
    const gguf = await makeTinyGemmaGguf(root);
    const config = resolveRunConfig({
      ...TINY_RUN_CONFIG,
      model: { type: "pretrained", gguf, maxLength: 2048, loraRank: 4, loraAlpha: 8 },
      sft: { steps: 4, batchSize: 4, lr: 1e-3 },
      sample: { ...TINY_RUN_CONFIG.sample, turns: 8 },
      eval: { maxTargets: 3 },
    });
    const dir = path.join(root, "run");
    const stages: string[] = [];
    const results = await runPipeline({
      config,
      dir,
      onStage: (stage, event) => {
        if (event === "done") stages.push(stage);
      },
    });
    expect(stages.slice(0, 4)).toEqual(["construct", "split", "model", "sft"]);

    // The imported checkpoint and every exported arm carry Gemma's turns with ttpa's tool format.
    const tokenizerConfig = JSON.parse(
      readFileSync(path.join(dir, "model", "checkpoint", "tokenizer_config.json"), "utf8"),
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
      const metadata = (await readGguf(path.join(dir, file))).metadata;
      expect(metadata.get("general.architecture")?.value, file).toBe("gemma3");
      expect(metadata.get("tokenizer.chat_template")?.value, file).toBe(GEMMA_TOOL_CHAT_TEMPLATE);
      const tokens = metadata.get("tokenizer.ggml.tokens")?.value as string[];
      expect(tokens[Number(metadata.get("tokenizer.ggml.eos_token_id")?.value)], file).toBe("<end_of_turn>");
    }
    // SFT trained LoRA adapters (rank 4) and merged them into a plain checkpoint.
    const sft = JSON.parse(readFileSync(path.join(dir, "sft", "model", "trainer_config.json"), "utf8"));
    expect(sft).toMatchObject({ backend: "transformers", lora_r: 4 });
    // TPS pairs are Gemma turns: the prompt is the conversation, chosen and rejected assistant messages.
    const pairs = await readPairs(path.join(dir, "sample-tps", "pairs.jsonl"));
    for (const pair of pairs) expect(pair.chosen.role).toBe("assistant");
    // The untrained model is the base arm, on the same test sets.
    expect(results.armOrder).toEqual(["base", "sft", "baseline_dpo", "ttpa"]);
    for (const arm of results.armOrder) expect(armSummary(results, arm, "seen").count).toBe(3);
  });
});
