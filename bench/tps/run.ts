/**
 * TPS benchmark: the work token-level preference sampling needs per preference pair with the
 * backend's prefix reuse and batching, next to a naive sampler that evaluates the whole prompt again
 * for every request — same model, same turns, same sampler settings, same pairs, in the same run.
 *
 *   npx tsx bench/tps/run.ts [--size tiny|small] [--toolset FILE] [--turns 12] [--branches 8]
 *                            [--pairs 4] [--max-tokens 48] [--reps 3] [--threads N] [--json out.json]
 *   npx tsx bench/tps/run.ts --model FILE.gguf --data train.jsonl   (your model and dataset)
 *   npx tsx bench/tps/run.ts --gemma3                                (the real Gemma 3 270M)
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { getLlama, LlamaLogLevel, type Token } from "node-llama-cpp";
import type {
  GenerateOptions,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
} from "../../src/backends/index.js";
import { LlamaCppLanguageModel } from "../../src/backends/index.js";
import { gemma3Gguf } from "../../src/backends/test-support/index.js";
import { renderChat } from "../../src/chat-template/index.js";
import { runConstruct, SimulatorGenerator } from "../../src/construct/index.js";
import { type DatasetRecord, evalTargets, readDataset } from "../../src/dataset/index.js";
import type { PreferencePair } from "../../src/pairs/index.js";
import { loadToolset } from "../../src/tools/index.js";
import { sampleTokenLevel } from "../../src/tps/index.js";
import { createToolChatGgufModel } from "../../src/tps/test-support/tool-chat-gguf-model.js";
import { median } from "../median.js";

const { values: args } = parseArgs({
  options: {
    model: { type: "string" },
    // The real Gemma 3 270M (262k vocabulary, sliding window) from requirements.txt.
    gemma3: { type: "boolean", default: false },
    data: { type: "string" },
    size: { type: "string", default: "small" },
    toolset: { type: "string", default: "examples/toolsets/weather.json" },
    turns: { type: "string", default: "12" },
    branches: { type: "string", default: "8" },
    pairs: { type: "string", default: "4" },
    "max-tokens": { type: "string", default: "48" },
    reps: { type: "string", default: "3" },
    sequences: { type: "string", default: "4" },
    concurrency: { type: "string" },
    threads: { type: "string" },
    json: { type: "string" },
  },
});

// Random-weight Llama models with a tool-chat tokenizer: "tiny" is the test model (overhead-bound),
// "small" (~25M parameters) is where evaluating a prompt again costs what it costs on real models.
const SIZES = {
  tiny: { hidden: 64, layers: 2, heads: 4, kvHeads: 2, intermediate: 128 },
  small: { hidden: 512, layers: 8, heads: 8, kvHeads: 4, intermediate: 1408 },
} as const;

/**
 * The naive backend: one request at a time, each on a cleared cache, so every branch evaluates
 * the prompt and its forced prefix from scratch. A zero-token request with a one-token prompt
 * erases the sequence's cache and evaluates nothing.
 */
class NaiveLanguageModel implements LanguageModel {
  constructor(private readonly inner: LanguageModel) {}
  get info() {
    return this.inner.info;
  }
  tokenize(...a: Parameters<LanguageModel["tokenize"]>) {
    return this.inner.tokenize(...a);
  }
  detokenize(...a: Parameters<LanguageModel["detokenize"]>) {
    return this.inner.detokenize(...a);
  }
  async generate(requests: readonly GenerateRequest[], options?: GenerateOptions): Promise<GenerateResult[]> {
    const results: GenerateResult[] = [];
    for (const request of requests) {
      await this.inner.generate([{ prompt: [this.inner.info.bos ?? 0], maxTokens: 0 }]);
      results.push(...(await this.inner.generate([request], options)));
    }
    return results;
  }
  usage() {
    return this.inner.usage();
  }
  close() {
    return this.inner.close();
  }
}

interface Measure {
  pairs: number;
  evaluatedTokens: number;
  reusedTokens: number;
  generatedTokens: number;
  ms: number;
  signature: string;
}

/** What the pairs say, without the f16-noisy probabilities: equal signatures mean the same pairs. */
const signature = (pairs: readonly PreferencePair[]) =>
  JSON.stringify(pairs.map((pair) => [pair.id, pair.chosen, pair.rejected, pair.meta.divergence_token]));

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), "ttpa-bench-tps-"));
  const cleanups: Array<() => Promise<void>> = [];
  try {
    const records = args.data ? await readDataset(args.data) : await buildDataset(work);
    const targets = records.flatMap(evalTargets).slice(0, Number(args.turns));
    let modelPath = args.gemma3 ? await gemma3Gguf() : args.model;
    if (modelPath === undefined) {
      const size = SIZES[args.size as keyof typeof SIZES];
      if (!size) throw new Error(`--size must be one of ${Object.keys(SIZES).join(", ")}`);
      const texts = records.map((record) => renderChat({ messages: record.messages, tools: record.tools }));
      const fixture = await createToolChatGgufModel({ texts, vocabSize: 2048, ggufDtype: "f16", ...size });
      cleanups.push(fixture.cleanup);
      modelPath = fixture.modelPath;
    }
    const load = (sequences: number) =>
      LlamaCppLanguageModel.load({
        modelPath: modelPath as string,
        sequences,
        contextSize: 4096,
        ...(args.threads ? { threads: Number(args.threads) } : {}),
      });
    const options = {
      branchBudget: Number(args.branches),
      pairsPerTurn: Number(args.pairs),
      maxTokens: Number(args["max-tokens"]),
    };
    const probe = await load(1);
    const prompts = await Promise.all(
      targets.map((target) =>
        probe.tokenize(
          renderChat({ messages: target.context, tools: target.tools, addGenerationPrompt: true }),
        ),
      ),
    );
    const promptLengths = prompts.map((prompt) => prompt.length);
    await probe.close();
    console.log(
      `model ${args.model !== undefined || args.gemma3 ? modelPath : `synthetic ${args.size}`}, ${targets.length} turns (prompt median ${median(promptLengths)} tokens), ` +
        `branches ${options.branchBudget}, pairs/turn ${options.pairsPerTurn}, max tokens ${options.maxTokens}, ${args.reps} reps`,
    );

    const sequences = Number(args.sequences);
    // Turns in flight: one per sequence, so each sequence keeps serving the turn whose prompt it holds.
    const concurrency = Number(args.concurrency ?? sequences);
    const configs = [
      {
        name: "naive",
        note: "whole prompt per request, one at a time",
        open: async () => new NaiveLanguageModel(await load(1)),
        concurrency: 1,
      },
      { name: "tps-1", note: "prefix reuse, one sequence", open: () => load(1), concurrency: 1 },
      {
        name: `tps-${sequences}`,
        note: `prefix reuse + ${sequences} batched sequences, ${concurrency} turns in flight`,
        open: () => load(sequences),
        concurrency,
      },
    ] as const;
    const results = new Map<string, Measure[]>(configs.map((config) => [config.name, []]));
    for (let rep = 0; rep < Number(args.reps); rep++) {
      for (const config of configs) {
        const model = await config.open();
        const started = performance.now();
        const { pairs, summary } = await sampleTokenLevel({
          model,
          targets,
          options,
          concurrency: config.concurrency,
        });
        const ms = performance.now() - started;
        await model.close();
        results
          .get(config.name)
          ?.push({ pairs: pairs.length, ...summary.usage, ms, signature: signature(pairs) });
      }
    }

    const bare = await bareDecodeRate(modelPath as string, prompts[0] ?? [], options.maxTokens);

    const rows = configs.map((config) => {
      const runs = results.get(config.name) as Measure[];
      const pairs = runs[0]?.pairs ?? 0;
      return {
        name: config.name,
        note: config.note,
        pairs,
        evaluatedPerPair: median(runs.map((run) => run.evaluatedTokens / Math.max(1, run.pairs))),
        reusedPerPair: median(runs.map((run) => run.reusedTokens / Math.max(1, run.pairs))),
        msPerPair: median(runs.map((run) => run.ms / Math.max(1, run.pairs))),
        // Generated tokens per second of the whole run, prompt evaluation included.
        generatedPerSecond: median(runs.map((run) => (run.generatedTokens / run.ms) * 1000)),
        signatures: new Set(runs.map((run) => run.signature)),
      };
    });
    const naive = rows[0] as (typeof rows)[number];
    console.log(
      `bare node-llama-cpp decoding (evaluate() loop, 1 sequence, after the prompt): ${bare.toFixed(1)} tok/s, median of 3`,
    );
    for (const row of rows) {
      console.log(
        `${row.name.padEnd(7)} ${String(row.pairs).padStart(4)} pairs | evaluated ${row.evaluatedPerPair.toFixed(0).padStart(6)} tok/pair ` +
          `(reused ${row.reusedPerPair.toFixed(0).padStart(5)}) | ${row.msPerPair.toFixed(1).padStart(7)} ms/pair | ` +
          `naive/this: tokens ${(naive.evaluatedPerPair / row.evaluatedPerPair).toFixed(2)}x, time ${(naive.msPerPair / row.msPerPair).toFixed(2)}x | ` +
          `generated ${row.generatedPerSecond.toFixed(1)} tok/s = ${(row.generatedPerSecond / bare).toFixed(2)}x bare decoding  (${row.note})`,
      );
    }
    const all = new Set(rows.flatMap((row) => [...row.signatures]));
    console.log(
      `same pairs in every configuration and rep: ${all.size === 1 ? "yes" : `no (${all.size} variants)`}`,
    );
    if (args.json) {
      const summary = rows.map(({ signatures, ...row }) => ({ ...row, variants: signatures.size }));
      await writeFile(
        args.json,
        `${JSON.stringify({ args, targets: targets.length, bareDecodePerSecond: bare, rows: summary }, null, 2)}\n`,
      );
    }
  } finally {
    for (const cleanup of cleanups) await cleanup();
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * node-llama-cpp's own fastest way to decode (its `evaluate()` generator, greedy, one sequence) on
 * the same file and context settings: tokens per second after the prompt, median of 3 runs. What
 * every row's generation rate is compared with.
 */
async function bareDecodeRate(modelPath: string, prompt: readonly number[], tokens: number): Promise<number> {
  const llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath });
  const threads = args.threads ? Number(args.threads) : Math.max(1, llama.cpuMathCores - 1);
  const context = await model.createContext({ contextSize: 4096, threads, sequences: 1, swaFullCache: true });
  const sequence = context.getSequence();
  const rates: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    await sequence.clearHistory();
    let count = 0;
    let started = 0;
    for await (const _ of sequence.evaluate(prompt as Token[], { yieldEogToken: true })) {
      // The clock starts at the first token: the prompt's evaluation is not decoding.
      if (count++ === 0) started = performance.now();
      else if (count >= tokens) break;
    }
    rates.push(((count - 1) / (performance.now() - started)) * 1000);
  }
  await context.dispose();
  await model.dispose();
  return median(rates);
}

/** Conversations made by `ttpa construct`'s simulator over a real example toolset. */
async function buildDataset(dir: string): Promise<DatasetRecord[]> {
  const out = path.join(dir, "data.jsonl");
  await runConstruct({
    generator: new SimulatorGenerator(),
    tools: await loadToolset(args.toolset as string),
    out,
    count: Math.max(4, Number(args.turns)),
    seed: 7,
    turns: [1, 2],
  });
  return readDataset(out);
}

await main();
