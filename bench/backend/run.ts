/**
 * Backend benchmark: decode speed through the LanguageModel interface next to a bare
 * node-llama-cpp loop on the same GGUF in the same run, the speedup of N batched sequences over N
 * sequential ones, and the work saved by prefix reuse on a TPS-shaped branching workload.
 *
 *   npx tsx bench/backend/run.ts [--model FILE.gguf | --gemma3] [--size tiny|small] [--tokens 128] [--reps 5]
 *                                [--sequences 4] [--threads N] [--json out.json]
 */
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { getLlama, LlamaLogLevel, type Token } from "node-llama-cpp";
import {
  type GenerateRequest,
  type GenerateResult,
  LlamaCppLanguageModel,
} from "../../src/backends/index.js";
import { createTinyGgufModel, gemma3Gguf } from "../../src/backends/test-support/index.js";
import { median } from "../median.js";

const { values: args } = parseArgs({
  options: {
    model: { type: "string" },
    // The real Gemma 3 270M (262k vocabulary, sliding window) from requirements.txt.
    gemma3: { type: "boolean", default: false },
    size: { type: "string", default: "small" },
    tokens: { type: "string", default: "128" },
    reps: { type: "string", default: "5" },
    sequences: { type: "string", default: "4" },
    threads: { type: "string" },
    json: { type: "string" },
  },
});
const tokens = Number(args.tokens);
const reps = Number(args.reps);
const sequences = Number(args.sequences);

// Synthetic models: "tiny" is the test model (overhead-bound); "small" (~30M parameters, 32k
// vocabulary like Llama 2) is where per-token compute and top-k sorting start to count.
const SIZES = {
  tiny: { hidden: 64, layers: 2, heads: 4, kvHeads: 2, intermediate: 128, padRows: 3 },
  small: { hidden: 512, layers: 8, heads: 8, kvHeads: 4, intermediate: 1408, padRows: 32000 - 304 },
} as const;

async function main(): Promise<void> {
  const size = args.size as keyof typeof SIZES;
  if (args.gemma3) args.model = await gemma3Gguf();
  const fixture =
    args.model === undefined ? await createTinyGgufModel({ ...SIZES[size], ggufDtype: "f16" }) : undefined;
  const modelPath = args.model ?? (fixture?.modelPath as string);
  const llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error });
  const threads = args.threads === undefined ? Math.max(1, llama.cpuMathCores - 1) : Number(args.threads);
  console.log(
    `model ${args.model ?? `synthetic ${size}`} (${modelPath}), ${threads} thread(s), ${tokens} tokens x ${reps} reps`,
  );

  // Same file, same context settings for both sides.
  const contextOptions = { contextSize: 1024, threads } as const;
  const bareModel = await llama.loadModel({ modelPath });
  // swaFullCache as the backend sets it (a sliding-window model's full cache; no effect on others).
  const bareContext = await bareModel.createContext({ ...contextOptions, sequences: 1, swaFullCache: true });
  const bareSequence = bareContext.getSequence();
  const interfaceModel = await LlamaCppLanguageModel.load({ modelPath, ...contextOptions, sequences: 1 });
  const bos = interfaceModel.info.bos ?? 1;
  const base = await interfaceModel.tokenize("The weather in Paris is");
  // A different prompt each rep: neither side gets to reuse a cached prefix.
  const promptFor = (rep: number): number[] => [bos, 65 + (rep % 26), ...base];

  const bare = async (rep: number): Promise<number> => {
    await bareSequence.clearHistory();
    const start = performance.now();
    let count = 0;
    for await (const _ of bareSequence.evaluate(promptFor(rep) as Token[], { yieldEogToken: true })) {
      if (++count >= tokens) break;
    }
    return performance.now() - start;
  };
  const throughInterface = async (rep: number, topLogprobs: number): Promise<number> => {
    const start = performance.now();
    const [result] = await interfaceModel.generate([
      { prompt: promptFor(rep), maxTokens: tokens, stopTokens: [], topLogprobs },
    ]);
    if (result?.tokens.length !== tokens) throw new Error("generation ended early");
    return performance.now() - start;
  };

  await bare(0);
  await throughInterface(0, 0);
  const times = { bare: [] as number[], interface: [] as number[], top5: [] as number[] };
  const variants: Array<[keyof typeof times, (rep: number) => Promise<number>]> = [
    ["bare", bare],
    ["interface", (rep) => throughInterface(rep, 0)],
    ["top5", (rep) => throughInterface(rep, 5)],
  ];
  for (let rep = 1; rep <= reps; rep++) {
    // Interleaved, in alternating order, so drift in machine load hits every variant alike.
    for (const [name, run] of rep % 2 === 0 ? [...variants].reverse() : variants)
      times[name].push(await run(rep));
  }
  const rate = (ms: number[]): number => (tokens / median(ms)) * 1000;
  // Each rep's variants ran back to back: the median of per-rep ratios is steadier than a ratio of medians.
  const pairedRatio = (ms: number[]): { median: number; min: number; max: number } => {
    const ratios = ms.map((value, rep) => (times.bare[rep] as number) / value);
    return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
  };
  const decode = {
    bare: rate(times.bare),
    interface: rate(times.interface),
    interfaceTop5: rate(times.top5),
    ratio: pairedRatio(times.interface),
    ratioTop5: pairedRatio(times.top5),
  };
  const show = (r: { median: number; min: number; max: number }): string =>
    `ratio ${r.median.toFixed(2)} (reps ${r.min.toFixed(2)}-${r.max.toFixed(2)})`;
  console.log("\ndecode, 1 sequence (tokens/s, median)");
  console.log(`  bare node-llama-cpp evaluate() loop   ${decode.bare.toFixed(0)}`);
  console.log(
    `  LanguageModel.generate               ${decode.interface.toFixed(0)}   ${show(decode.ratio)}`,
  );
  console.log(
    `  LanguageModel.generate, top-5 logps  ${decode.interfaceTop5.toFixed(0)}   ${show(decode.ratioTop5)}`,
  );
  await bareContext.dispose();
  await bareModel.dispose();
  await interfaceModel.close();

  const batch = await measureBatching(modelPath, threads, promptFor);
  const branching = await measureBranching(modelPath, threads, promptFor(0));
  const report = {
    modelPath,
    threads,
    tokens,
    reps,
    decode,
    batch,
    branching,
    ratio: decode.ratio.median,
  };
  if (args.json !== undefined) await writeFile(args.json, JSON.stringify(report, null, 2));
  console.log(
    `\nratio interface/bare ${report.ratio.toFixed(2)} (goal >= 0.9); batched speedup x${batch.speedup.toFixed(2)} at ${sequences} sequences`,
  );
  await fixture?.cleanup();
}

/** N requests in one generate call on an N-sequence context vs the same N requests one call after another. */
async function measureBatching(modelPath: string, threads: number, promptFor: (rep: number) => number[]) {
  const model = await LlamaCppLanguageModel.load({ modelPath, contextSize: 1024, threads, sequences });
  const requests = (rep: number): GenerateRequest[] =>
    Array.from({ length: sequences }, (_, i) => ({
      prompt: promptFor(rep * sequences + i),
      maxTokens: tokens,
      stopTokens: [],
    }));
  const sequential: number[] = [];
  const batched: number[] = [];
  await model.generate(requests(0));
  for (let rep = 1; rep <= reps; rep++) {
    let start = performance.now();
    for (const request of requests(2 * rep)) await model.generate([request]);
    sequential.push(performance.now() - start);
    start = performance.now();
    await model.generate(requests(2 * rep + 1));
    batched.push(performance.now() - start);
  }
  await model.close();
  const total = sequences * tokens;
  const result = {
    sequences,
    sequentialTokensPerSecond: (total / median(sequential)) * 1000,
    batchedTokensPerSecond: (total / median(batched)) * 1000,
    speedup: median(sequential) / median(batched),
  };
  console.log(`\n${sequences} sequences (tokens/s, median)`);
  console.log(`  one request at a time   ${result.sequentialTokensPerSecond.toFixed(0)}`);
  console.log(
    `  all in one batch        ${result.batchedTokensPerSecond.toFixed(0)}   speedup x${result.speedup.toFixed(2)}`,
  );
  return result;
}

/**
 * TPS-shaped work: a greedy run with top-2 alternatives, then one branch forced at each of its
 * first 16 positions. Run twice on fresh models: as is (branches share the prompt and greedy
 * prefix, which the cache keeps), and with each branch's second prompt token changed so nothing
 * beyond BOS is shared (the cost without prefix reuse).
 */
async function measureBranching(modelPath: string, threads: number, basePrompt: number[]) {
  const prompt = [...basePrompt, ...Array.from({ length: 56 }, (_, i) => 97 + (i % 26))];
  const scenario = async (shared: boolean) => {
    const model = await LlamaCppLanguageModel.load({ modelPath, contextSize: 1024, threads, sequences });
    const start = performance.now();
    const [main] = (await model.generate([{ prompt, maxTokens: 24, topLogprobs: 2, stopTokens: [] }])) as [
      GenerateResult,
    ];
    const greedy = main.tokens.map((t) => t.token);
    const branches: GenerateRequest[] = main.tokens.slice(0, 16).map((step, position) => ({
      prompt: shared ? prompt : [prompt[0] as number, 200 + position, ...prompt.slice(2)],
      forced: [...greedy.slice(0, position), step.top[1]?.token ?? step.token],
      maxTokens: 8,
      stopTokens: [],
    }));
    await model.generate(branches);
    const milliseconds = performance.now() - start;
    const { evaluatedTokens, reusedTokens } = model.usage();
    await model.close();
    return { evaluatedTokens, reusedTokens, milliseconds };
  };
  const reuse = await scenario(true);
  const noReuse = await scenario(false);
  console.log(`
branching (prompt ${prompt.length}, greedy 24 with top-2, 16 branches of 8, ${sequences} sequences)`);
  for (const [name, run] of [
    ["prefix reuse", reuse],
    ["nothing shared", noReuse],
  ] as const) {
    console.log(
      `  ${name.padEnd(15)} evaluated ${run.evaluatedTokens} tokens (reused ${run.reusedTokens}), ${run.milliseconds.toFixed(0)} ms`,
    );
  }
  return { reuse, noReuse, speedup: noReuse.milliseconds / reuse.milliseconds };
}

await main();
