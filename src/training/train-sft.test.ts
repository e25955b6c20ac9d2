import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { LlamaCppLanguageModel } from "../backends/index.js";
import { renderChat } from "../chat-template/index.js";
import { runConstruct, SimulatorGenerator } from "../construct/index.js";
import { type DatasetRecord, type EvalTarget, evalTargets, readDataset } from "../dataset/index.js";
import { scoreCalls } from "../esm/index.js";
import { exportGguf } from "../gguf/index.js";
import { promptTokens } from "../inference/index.js";
import { firstDifference } from "../pairs/index.js";
import { loadTokenizer } from "../tokenizer/index.js";
import { parseToolCalls } from "../tool-calls/index.js";
import { sampleTokenLevel } from "../tps/index.js";
import { encodePairs } from "./encode-pairs.js";
import { pairWeights } from "./pair-weights.js";
import { COMPACT_TOOLSET } from "./test-support/compact-toolset.js";
import { trainDpo } from "./train-dpo.js";
import { trainSft } from "./train-sft.js";

// One short SFT of the tiny model (PyTorch), shared by the checks of SFT, GGUF decoding, TPS and DPO.
let dir: string;
let records: DatasetRecord[];
let sftDir: string;
let gguf: string;
let memorisedGguf: string;
const sftEvals: number[] = [];
let firstStepLoss = Number.NaN;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ttpa-pipeline-"));
  const data = path.join(dir, "data.jsonl");
  await runConstruct({
    generator: new SimulatorGenerator({ optionalRate: 0, kinds: { choice: 1 } }),
    tools: COMPACT_TOOLSET,
    out: data,
    count: 400,
    seed: 5,
    window: 4,
    turns: [1, 1],
    callBudget: [1, 1],
  });
  records = await readDataset(data);
  sftDir = path.join(dir, "sft");
  await trainSft({
    records,
    model: "tiny",
    out: sftDir,
    steps: 150,
    batchSize: 16,
    lr: 3e-3,
    vocabSize: 600,
    maxLength: 512,
    lossOn: "tool_calls",
    evalEvery: 50,
    onEvent: (event) => {
      if (event.event === "eval") sftEvals.push(Number(event.eval_loss));
      if (event.event === "step" && event.step === 1) firstStepLoss = Number(event.loss);
    },
  });
  gguf = path.join(dir, "sft.gguf");
  await exportGguf({ checkpointDir: sftDir, outFile: gguf, dtype: "f32" });
  // A second run fits 16 conversations, to check that decoding gives back what training taught.
  const memorised = path.join(dir, "memorised");
  await trainSft({
    records: records.slice(0, 16),
    evalRecords: records.slice(-4),
    model: "tiny",
    out: memorised,
    steps: 120,
    lr: 5e-3,
    vocabSize: 600,
    maxLength: 512,
    lossOn: "tool_calls",
  });
  memorisedGguf = path.join(dir, "memorised.gguf");
  await exportGguf({ checkpointDir: memorised, outFile: memorisedGguf, dtype: "f32" });
}, 900_000);

describe("the method on the tiny model: SFT, decoding, TPS pairs, DPO", () => {
  it("SFT lowers the held-out loss clearly: under a fifth of the untrained loss, and still falling", () => {
    expect(firstStepLoss).toBeGreaterThan(5); // about ln 600 before training
    expect(sftEvals.length).toBeGreaterThanOrEqual(3);
    expect(sftEvals.at(-1)!).toBeLessThan(firstStepLoss / 5);
    expect(sftEvals.at(-1)!).toBeLessThan(sftEvals[0]!);
  });

  it("greedy decoding of training prompts (llama.cpp on the exported GGUF) reproduces their calls", async () => {
    const model = await LlamaCppLanguageModel.load({ modelPath: memorisedGguf, sequences: 2 });
    try {
      const targets = records.slice(0, 16).flatMap(evalTargets);
      const prompts = await Promise.all(
        targets.map((t) => promptTokens({ model, messages: t.context, tools: t.tools })),
      );
      const outputs = await model.generate(prompts.map((prompt) => ({ prompt, maxTokens: 64 })));
      const exact = outputs.filter(
        (output, i) =>
          scoreCalls({
            result: parseToolCalls(output.text),
            reference: targets[i]!.reference,
            tools: targets[i]!.tools,
          }).score === 1,
      );
      expect(exact.length).toBeGreaterThanOrEqual(14);
    } finally {
      await model.close();
    }
  });

  it("our tokenizer and llama.cpp tokenize a corpus of rendered conversations identically", async () => {
    const tokenizer = await loadTokenizer({ dir: sftDir });
    const model = await LlamaCppLanguageModel.load({ modelPath: gguf, sequences: 1 });
    try {
      for (const record of records.slice(0, 60)) {
        const text = renderChat({
          messages: record.messages,
          tools: record.tools,
          bosToken: "<|begin_of_text|>",
        });
        expect(await model.tokenize(text, { specialTokens: true })).toEqual(tokenizer.encode(text));
      }
    } finally {
      await model.close();
    }
  });

  it("TPS pairs diverge exactly at their recorded token, their scores agree with ESM, and DPO raises the held-out margin", {
    timeout: 600_000,
  }, async () => {
    const model = await LlamaCppLanguageModel.load({ modelPath: gguf, sequences: 1 });
    let pairs: Awaited<ReturnType<typeof sampleTokenLevel>>["pairs"];
    try {
      ({ pairs } = await sampleTokenLevel({
        model,
        records: records.slice(0, 200),
        options: { minProbability: 0.02 },
      }));
    } finally {
      await model.close();
    }
    expect(pairs.length).toBeGreaterThan(25);

    const targets = new Map<string, EvalTarget>(records.flatMap(evalTargets).map((t) => [t.id, t]));
    const tokenizer = await loadTokenizer({ dir: sftDir });
    const encoded = encodePairs({ pairs, tokenizer }).pairs;
    expect(encoded).toHaveLength(pairs.length);
    pairs.forEach((pair, i) => {
      const { chosen_ids, rejected_ids, chosen_mask } = encoded[i]!;
      // The prompt ends where the loss mask starts; the two sides agree up to the divergence token, then differ.
      expect(firstDifference(chosen_ids, rejected_ids)).toBe(
        chosen_mask.indexOf(1) + pair.meta.divergence_token,
      );
      const target = targets.get(String(pair.meta.target_id))!;
      const rejected = scoreCalls({
        result: parseToolCalls(pair.rejected),
        reference: target.reference,
        tools: target.tools,
      });
      expect(rejected.score).toBeCloseTo(pair.meta.rejected_score, 12);
      expect(pair.meta.chosen_score).toBeGreaterThan(pair.meta.rejected_score);
    });

    // Scoring rejected only up to its divergence token keeps chosen as it was and cuts rejected there.
    const cut = encodePairs({ pairs, tokenizer, rejectedScope: "divergence" }).pairs;
    cut.forEach((pair, i) => {
      const whole = encoded[i]!;
      const at = firstDifference(whole.chosen_ids, whole.rejected_ids)!;
      expect(pair.chosen_mask).toEqual(whole.chosen_mask);
      expect(pair.rejected_mask.lastIndexOf(1)).toBe(at);
      expect(pair.rejected_mask.slice(0, at + 1)).toEqual(whole.rejected_mask.slice(0, at + 1));
    });
    expect(
      cut.some((pair, i) => pair.rejected_mask.lastIndexOf(1) < encoded[i]!.rejected_mask.lastIndexOf(1)),
    ).toBe(true);

    const held = pairs.filter((_, i) => i % 5 === 0);
    const train = pairs.filter((_, i) => i % 5 !== 0);
    const margins: number[] = [];
    await trainDpo({
      pairs: train,
      evalPairs: held,
      model: sftDir,
      out: path.join(dir, "dpo"),
      loss: "esm_margin",
      pairWeighting: "error_balanced",
      beta: 0.5,
      steps: 40,
      batchSize: 8,
      lr: 1e-3,
      evalEvery: 20,
      onEvent: (event) => {
        if (event.event === "eval") margins.push(Number(event["eval_rewards/margins"]));
      },
    });
    // The policy starts as the reference (margin 0); after training, held-out chosen calls beat rejected ones.
    expect(margins).toHaveLength(2);
    expect(margins.at(-1)!).toBeGreaterThan(0.5);
    // The trainer got each training pair's weight (each kind of rejected error alike, mean 1).
    const written = (await readFile(path.join(dir, "dpo", "work", "pairs-train.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line).weight as number);
    expect(written).toEqual(pairWeights(train, "error_balanced"));
    expect(new Set(written).size).toBeGreaterThan(1);
  });
});
