import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { evalTargets } from "../dataset/index.js";
import { evaluate } from "../eval/index.js";
import { ChatRenderer, firstDifference, type PreferencePair, readPairs } from "../pairs/index.js";
import { sampleBaseline } from "./sample-baseline.js";
import { sampleTokenLevel } from "./sample-token-level.js";
import { progressFile } from "./sampling-output.js";
import { scoreOutput } from "./score-output.js";
import { MixtureLanguageModel } from "./test-support/mixture-language-model.js";
import { tpsMixture } from "./test-support/tps-mixture.js";
import { TPS_RECORDS } from "./test-support/tps-records.js";

const targets = TPS_RECORDS.flatMap(evalTargets);
const byId = (pairs: readonly PreferencePair[]) => new Map(pairs.map((pair) => [pair.id, pair]));

/** The invariants every pair must hold, whatever the sampler. */
async function expectConsistentPairs(
  model: MixtureLanguageModel,
  pairs: readonly PreferencePair[],
): Promise<void> {
  const renderer = await ChatRenderer.forModel(model);
  for (const pair of pairs) {
    const target = targets.find((t) => t.id === pair.meta.target_id);
    if (!target) throw new Error(`no target ${pair.meta.target_id}`);
    // The recorded scores are the scores of the stored messages, as `ttpa eval` computes them.
    expect(scoreOutput({ output: pair.chosen, target }).score).toBe(pair.meta.chosen_score);
    expect(scoreOutput({ output: pair.rejected, target }).score).toBe(pair.meta.rejected_score);
    expect(pair.meta.chosen_score).toBeGreaterThan(pair.meta.rejected_score);
    const report = evaluate({
      targets: [target],
      predictions: [{ line: 1, value: { id: target.id, output: pair.rejected } }],
      mode: "esm",
    });
    expect(report.items[0]?.score).toBe(pair.meta.rejected_score);
    expect(report.items[0]?.errors).toEqual(pair.meta.errors);
    // Chosen and rejected completions share their tokens up to the divergence token and differ there.
    const chosen = await model.tokenize(renderer.completion(pair.prompt, pair.tools, pair.chosen));
    const rejected = await model.tokenize(renderer.completion(pair.prompt, pair.tools, pair.rejected));
    const d = pair.meta.divergence_token;
    expect(chosen.slice(0, d)).toEqual(rejected.slice(0, d));
    expect(chosen[d]).not.toBe(rejected[d]);
    expect(firstDifference(chosen, rejected)).toBe(d);
  }
}

describe("sampleTokenLevel (scripted model)", () => {
  it("branches at real alternatives and prefers an exactly right branch over the wrong greedy call", async () => {
    const model = new MixtureLanguageModel(tpsMixture);
    const { pairs } = await sampleTokenLevel({ model, records: TPS_RECORDS });
    const paris = pairs.filter((pair) => pair.meta.target_id === "r1");
    expect(paris.map((pair) => [pair.meta.chosen_source, pair.meta.rejected_source])).toEqual([
      ["branch", "greedy"],
      ["branch", "branch"],
    ]);
    const [first, second] = paris as [PreferencePair, PreferencePair];
    expect(first.chosen.tool_calls?.[0]?.function).toEqual({
      name: "get_weather",
      arguments: '{"city": "Paris"}',
    });
    expect(first.rejected.tool_calls?.[0]?.function).toEqual({
      name: "get_weather",
      arguments: '{"city": "London"}',
    });
    // <tool_call> is one token, then one token per character up to the city's first letter.
    expect(first.meta.divergence_token).toBe(1 + '{"name": "get_weather", "arguments": {"city": "'.length);
    expect(first.meta).toMatchObject({ chosen_score: 1, chosen_branch: { tokenClass: "value-start" } });
    expect(first.meta.errors.map((error) => error.type)).toEqual(["value_error"]);
    expect(second.meta.rejected_branch).toMatchObject({
      tokenClass: "name",
      probability: expect.closeTo(0.2, 9),
    });
    expect(second.rejected.tool_calls?.[0]?.function.name).toBe("book_table");
    expect(second.meta.divergence_token).toBe(1 + '{"name": "'.length);
    await expectConsistentPairs(model, pairs);
  });

  it("keeps a right greedy call as chosen, takes the reference when nothing is good enough, and handles no-call turns", async () => {
    const model = new MixtureLanguageModel(tpsMixture);
    const { pairs, summary } = await sampleTokenLevel({ model, records: TPS_RECORDS });
    const pairsOf = (id: string) => pairs.filter((pair) => pair.meta.target_id === id);
    expect(pairsOf("r2#1").map((pair) => pair.meta.chosen_source)).toEqual(["greedy", "greedy"]);
    // Hardest first: the more probable wrong branch (people 8) before the less probable one.
    expect(pairsOf("r2#1").map((pair) => pair.meta.rejected_branch?.tokenClass)).toEqual([
      "value-start",
      "name",
    ]);
    const berlin = pairsOf("r2#2");
    expect(berlin.map((pair) => [pair.meta.chosen_source, pair.meta.rejected_source])).toEqual([
      ["reference", "greedy"],
      ["reference", "branch"],
    ]);
    // The reference is the dataset's own message, as written there.
    expect(berlin[0]?.chosen).toEqual(TPS_RECORDS[1]?.messages[6]);
    expect(pairsOf("r3")).toEqual([]);
    const joke = pairsOf("r4");
    expect(joke).toHaveLength(1);
    expect(joke[0]?.chosen.content).toContain("under the weather");
    expect(joke[0]?.meta.errors.map((error) => error.type)).toEqual(["irrelevant_call"]);
    expect(joke[0]?.meta.divergence_token).toBe(0);
    expect(summary).toMatchObject({ total: 5, done: 5, pairs: pairs.length, failed: 0, withoutPairs: 1 });
    await expectConsistentPairs(model, pairs);
  });

  it("asks for the greedy call with top-k, then all branches of a turn in one generate call", async () => {
    const model = new MixtureLanguageModel(tpsMixture);
    await sampleTokenLevel({ model, targets: targets.slice(0, 1), options: { topK: 3, maxTokens: 100 } });
    const [greedyCall, branchCall] = model.calls as [never, never];
    expect(greedyCall).toHaveLength(1);
    expect(greedyCall[0]).toMatchObject({ topLogprobs: 3, maxTokens: 100, stopStrings: ["</tool_call>"] });
    expect(model.calls).toHaveLength(2);
    const branches = branchCall as Array<{ prompt: number[]; forced: number[]; maxTokens: number }>;
    expect(branches).toHaveLength(2);
    const greedyPrompt = (greedyCall[0] as { prompt: number[] }).prompt;
    for (const branch of branches) {
      expect(branch.prompt).toEqual(greedyPrompt);
      expect(branch.maxTokens).toBe(100 - branch.forced.length);
    }
  });

  it("gives the same pairs, in the same order, whatever the number of turns in flight", async () => {
    const one = await sampleTokenLevel({ model: new MixtureLanguageModel(tpsMixture), records: TPS_RECORDS });
    const three = await sampleTokenLevel({
      model: new MixtureLanguageModel(tpsMixture),
      records: TPS_RECORDS,
      concurrency: 3,
    });
    expect(three.pairs).toEqual(one.pairs);
  });

  it("records the sampler settings with every pair", async () => {
    const model = new MixtureLanguageModel(tpsMixture);
    const { pairs } = await sampleTokenLevel({
      model,
      records: TPS_RECORDS,
      options: { branchBudget: 3, seed: 7 },
    });
    expect(pairs[0]?.meta.sampler).toEqual({
      name: "tps",
      model: "mixture",
      topK: 5,
      minProbability: 0.05,
      branchBudget: 3,
      formatShare: 0.25,
      pairsPerTurn: 4,
      threshold: 0.8,
      maxTokens: 256,
      seed: 7,
      stopAtCallEnd: true,
    });
  });
});

describe("sampleBaseline (scripted model)", () => {
  it("samples n outputs per turn with seeds, chooses the best at or above the threshold, else the reference", async () => {
    const model = new MixtureLanguageModel(tpsMixture);
    const run = () =>
      sampleBaseline({ model, records: TPS_RECORDS, options: { samples: 6, temperature: 1, seed: 3 } });
    const { pairs } = await run();
    expect((await run()).pairs).toEqual(pairs);
    const sampleCalls = model.calls.filter((call) => call.length === 6);
    expect(sampleCalls.length).toBe(10);
    const seeds = sampleCalls[0]?.map((request) => request.sampling?.seed);
    expect(new Set(seeds).size).toBe(6);
    for (const pair of pairs) {
      expect(pair.meta.rejected_source).toBe("sample");
      expect(pair.meta.sampler).toMatchObject({ name: "baseline", samples: 6, temperature: 1, seed: 3 });
      if (pair.meta.chosen_source === "reference") expect(pair.meta.chosen_score).toBe(1);
    }
    // Berlin never reaches the threshold on-policy: the reference is chosen.
    expect(
      pairs
        .filter((pair) => pair.meta.target_id === "r2#2")
        .every((pair) => pair.meta.chosen_source === "reference"),
    ).toBe(true);
    await expectConsistentPairs(model, pairs);
  });
});

describe("resumable output", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ttpa-tps-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("skips finished turns on a rerun and ends with the pairs of one uninterrupted run, without duplicates", async () => {
    const whole = await sampleTokenLevel({
      model: new MixtureLanguageModel(tpsMixture),
      records: TPS_RECORDS,
    });
    const out = path.join(dir, "pairs.jsonl");
    const model = new MixtureLanguageModel(tpsMixture);
    const first = await sampleTokenLevel({ model, records: TPS_RECORDS, out, limit: 2 });
    expect(first.summary).toMatchObject({ total: 2, done: 2, resumed: 0 });
    const callsAfterFirst = model.calls.length;
    const second = await sampleTokenLevel({ model, records: TPS_RECORDS, out });
    expect(second.summary).toMatchObject({ total: 3, done: 3, resumed: 2 });
    const third = await sampleTokenLevel({ model, records: TPS_RECORDS, out });
    expect(third.summary).toMatchObject({ total: 0, done: 0, resumed: 5, pairs: 0 });
    expect(model.calls.length).toBeGreaterThan(callsAfterFirst);
    const written = await readPairs(out);
    expect(written).toEqual(whole.pairs);
    const progress = (await readFile(progressFile(out), "utf8")).trim().split("\n");
    expect(progress.map((line) => JSON.parse(line).id)).toEqual(targets.map((target) => target.id));
  });

  it("drops the pairs of a turn that was cut off before its progress line, and samples it again", async () => {
    const out = path.join(dir, "pairs.jsonl");
    await sampleTokenLevel({
      model: new MixtureLanguageModel(tpsMixture),
      records: TPS_RECORDS,
      out,
      limit: 1,
    });
    const complete = await readFile(out, "utf8");
    // A run killed after writing r2#1's first pair, before its progress line, with half a line after it.
    const { pairs } = await sampleTokenLevel({
      model: new MixtureLanguageModel(tpsMixture),
      targets: [targets[1]!],
    });
    await import("node:fs/promises").then((fs) =>
      fs.appendFile(out, `${JSON.stringify(pairs[0])}\n{"id": "r2#1/2", "tr`),
    );
    const rerun = await sampleTokenLevel({
      model: new MixtureLanguageModel(tpsMixture),
      records: TPS_RECORDS,
      out,
    });
    expect(rerun.summary).toMatchObject({ resumed: 1, done: 4 });
    const written = await readPairs(out);
    expect(new Set(written.map((pair) => pair.id)).size).toBe(written.length);
    expect((await readFile(out, "utf8")).startsWith(complete)).toBe(true);
    const whole = await sampleTokenLevel({
      model: new MixtureLanguageModel(tpsMixture),
      records: TPS_RECORDS,
    });
    expect(written).toEqual(whole.pairs);
  });

  it("splits turns over shards as i % N === I, and the shards together give the whole run", async () => {
    const whole = await sampleTokenLevel({
      model: new MixtureLanguageModel(tpsMixture),
      records: TPS_RECORDS,
    });
    const outs = [0, 1].map((index) => path.join(dir, `pairs-${index}.jsonl`));
    for (const [index, out] of outs.entries()) {
      await sampleTokenLevel({
        model: new MixtureLanguageModel(tpsMixture),
        records: TPS_RECORDS,
        out,
        shard: { index, count: 2 },
      });
    }
    const [even, odd] = await Promise.all(outs.map(readPairs));
    const shardOf = (pair: PreferencePair) =>
      targets.findIndex((target) => target.id === pair.meta.target_id) % 2;
    expect(even?.every((pair) => shardOf(pair) === 0)).toBe(true);
    expect(odd?.every((pair) => shardOf(pair) === 1)).toBe(true);
    const merged = byId([...(even ?? []), ...(odd ?? [])]);
    expect(merged).toEqual(byId(whole.pairs));
  });
});
