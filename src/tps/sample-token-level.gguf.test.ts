import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LlamaCppLanguageModel } from "../backends/index.js";
import { evalTargets } from "../dataset/index.js";
import { evaluate } from "../eval/index.js";
import { promptTokens } from "../inference/index.js";
import { ChatRenderer, type PreferencePair, readPairs } from "../pairs/index.js";
import { buildPairs } from "./build-pairs.js";
import { sampleTokenLevel } from "./sample-token-level.js";
import { sampleTpsTurn } from "./sample-tps-turn.js";
import { scoreOutput } from "./score-output.js";
import { createToolChatGgufModel, type ToolChatGgufModel } from "./test-support/tool-chat-gguf-model.js";
import { TPS_RECORDS, tpsTokenizerTexts } from "./test-support/tps-records.js";
import { TokenTexts } from "./token-texts.js";

// A random-weight model: its calls are nonsense, which is fine — what is checked here is that real
// sampled outputs, real tokenization and the real backend keep every pair's invariants.
let fixture: ToolChatGgufModel;
let model: LlamaCppLanguageModel;
let dir: string;
const targets = TPS_RECORDS.flatMap(evalTargets);
const OPTIONS = { maxTokens: 24, branchBudget: 6 } as const;

beforeAll(async () => {
  fixture = await createToolChatGgufModel({ texts: tpsTokenizerTexts() });
  model = await LlamaCppLanguageModel.load({
    modelPath: fixture.modelPath,
    sequences: 4,
    contextSize: 1024,
    threads: 1,
  });
  dir = await mkdtemp(path.join(tmpdir(), "ttpa-tps-gguf-"));
});
afterAll(async () => {
  await model?.close();
  await fixture?.cleanup();
  await rm(dir, { recursive: true, force: true });
});

async function expectPairInvariants(pairs: readonly PreferencePair[]): Promise<void> {
  const renderer = await ChatRenderer.forModel(model);
  for (const pair of pairs) {
    const target = targets.find((t) => t.id === pair.meta.target_id);
    if (!target) throw new Error(`no target ${pair.meta.target_id}`);
    expect(scoreOutput({ output: pair.chosen, target }).score).toBe(pair.meta.chosen_score);
    expect(scoreOutput({ output: pair.rejected, target }).score).toBe(pair.meta.rejected_score);
    const report = evaluate({
      targets: [target],
      predictions: [{ line: 1, value: { id: target.id, output: pair.rejected } }],
    });
    expect(report.items[0]?.score).toBe(pair.meta.rejected_score);
    const tokenize = (message: PreferencePair["chosen"]) =>
      model.tokenize(renderer.completion(pair.prompt, pair.tools, message), { specialTokens: true });
    const [chosen, rejected] = await Promise.all([tokenize(pair.chosen), tokenize(pair.rejected)]);
    const d = pair.meta.divergence_token;
    expect(chosen.slice(0, d)).toEqual(rejected.slice(0, d));
    expect(chosen[d]).not.toBe(rejected[d]);
  }
}

describe("token-level preference sampling on a GGUF model", () => {
  it("writes pairs whose scores are the eval scores of their messages and whose sides diverge at the recorded token", async () => {
    const out = path.join(dir, "pairs.jsonl");
    const { pairs, summary } = await sampleTokenLevel({ model, records: TPS_RECORDS, out, options: OPTIONS });
    expect(summary).toMatchObject({ total: targets.length, done: targets.length, failed: 0 });
    expect(summary.usage.reusedTokens).toBeGreaterThan(0);
    expect(pairs.length).toBeGreaterThan(0);
    expect(await readPairs(out)).toEqual(pairs);
    await expectPairInvariants(pairs);
  });

  it("keeps the invariants between the greedy output and each of its branches, which share a prefix", async () => {
    const renderer = await ChatRenderer.forModel(model);
    const texts = new TokenTexts(model);
    let later = 0;
    for (const target of targets.slice(0, 3)) {
      const prompt = await promptTokens({ model, messages: target.context, tools: target.tools });
      const score = (output: unknown) => scoreOutput({ output, target });
      const candidates = await sampleTpsTurn({
        model,
        target,
        prompt,
        texts,
        score,
        options: {
          topK: 5,
          minProbability: 0.02,
          budget: 6,
          formatShare: 0.25,
          maxTokens: 24,
          stopAtCallEnd: true,
        },
      });
      expect(candidates[0]?.origin).toBe("greedy");
      for (const branch of candidates.slice(1)) {
        expect(branch.origin).toBe("branch");
        expect(branch.logprob).toBeLessThanOrEqual(0);
      }
      // Every branch as the rejected side against the greedy output: real texts, real tokenizer.
      const pairs = await buildPairs({
        target,
        candidates,
        selection: { chosen: 0, rejected: candidates.map((_, i) => i).slice(1) },
        reference: undefined,
        renderer,
        tokenize: (text) => model.tokenize(text, { specialTokens: true }),
        score,
        sampler: { name: "tps", model: model.info.id },
      });
      later += pairs.filter((pair) => pair.meta.divergence_token > 0).length;
      await expectPairInvariants(pairs);
    }
    expect(later).toBeGreaterThan(0);
  });

  it("resumes: a run stopped part-way and rerun ends with the pairs of one uninterrupted run", async () => {
    const whole = await sampleTokenLevel({ model, records: TPS_RECORDS, options: OPTIONS });
    const out = path.join(dir, "resumed.jsonl");
    await sampleTokenLevel({ model, records: TPS_RECORDS, out, limit: 2, options: OPTIONS });
    const rerun = await sampleTokenLevel({ model, records: TPS_RECORDS, out, options: OPTIONS });
    expect(rerun.summary).toMatchObject({ resumed: 2, done: targets.length - 2 });
    const written = await readPairs(out);
    expect(written.map((pair) => pair.id)).toEqual(whole.pairs.map((pair) => pair.id));
    // Probabilities come from an f16 KV cache whose rounding depends on how requests were batched.
    const rounded = (pairs: readonly PreferencePair[]) =>
      JSON.parse(
        JSON.stringify(pairs, (key, value) => (key === "probability" ? Number(value.toFixed(3)) : value)),
      );
    expect(rounded(written)).toEqual(rounded(whole.pairs));
  });
});
