/**
 * Backend memory benchmark: peak resident memory of an eval-shaped decode workload on Gemma 3 270M
 * (262k vocabulary) with the backend's sampler-memory budget (default 256 MiB) next to the same
 * workload with collection left to V8 (budget 0), each arm in a fresh process, in alternating order.
 *
 *   npx tsx bench/backend/memory.ts [--model FILE.gguf] [--requests 64] [--tokens 48] [--reps 3]
 *                                   [--sequences 4] [--threads N]
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseArgs, promisify } from "node:util";
import { DEFAULT_SAMPLER_MEMORY_BUDGET, LlamaCppLanguageModel } from "../../src/backends/index.js";
import { gemma3Gguf } from "../../src/backends/test-support/index.js";
import { median } from "../median.js";

const { values: args } = parseArgs({
  options: {
    model: { type: "string" },
    requests: { type: "string", default: "64" },
    tokens: { type: "string", default: "48" },
    reps: { type: "string", default: "3" },
    sequences: { type: "string", default: "4" },
    threads: { type: "string" },
    // Internal: run one arm in this process and print its figures as JSON.
    child: { type: "string" },
  },
});

interface ArmResult {
  peakRssMb: number;
  seconds: number;
  collections: number;
  tokens: number;
}

/** Peak resident set of this process so far (VmHWM), in MB. */
const peakRssMb = (): number =>
  Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1]) / 1024;

/** One arm: distinct prompts (no shared prefix past the first tokens), greedy, fixed length. */
async function runArm(modelPath: string, budget: number): Promise<ArmResult> {
  const model = await LlamaCppLanguageModel.load({
    modelPath,
    sequences: Number(args.sequences),
    contextSize: 1024,
    samplerMemoryBudget: budget,
    ...(args.threads === undefined ? {} : { threads: Number(args.threads) }),
  });
  const requests = [];
  for (let i = 0; i < Number(args.requests); i++) {
    const text = `Request ${i}: call get_weather(city) for city number ${i * 7919} and report the result.`;
    requests.push({
      prompt: [model.info.bos as number, ...(await model.tokenize(text))],
      maxTokens: Number(args.tokens),
      stopTokens: [],
    });
  }
  const started = performance.now();
  const results = await model.generate(requests);
  const seconds = (performance.now() - started) / 1000;
  const tokens = results.reduce((sum, result) => sum + result.tokens.length, 0);
  const collections = model.forcedCollections;
  await model.close();
  return { peakRssMb: peakRssMb(), seconds, collections, tokens };
}

async function main(): Promise<void> {
  const modelPath = args.model ?? (await gemma3Gguf());
  if (args.child !== undefined) {
    console.log(JSON.stringify(await runArm(modelPath, Number(args.child))));
    return;
  }
  const arms = [
    { name: "V8 alone (budget 0)", budget: 0 },
    { name: "budget 256 MiB (default)", budget: DEFAULT_SAMPLER_MEMORY_BUDGET },
  ];
  console.log(
    `model ${modelPath}: ${args.requests} requests x ${args.tokens} tokens, ${args.sequences} sequences, ${args.reps} reps`,
  );
  const results = new Map<string, ArmResult[]>(arms.map((arm) => [arm.name, []]));
  for (let rep = 0; rep < Number(args.reps); rep++) {
    const order = rep % 2 === 0 ? arms : [...arms].reverse();
    for (const arm of order) {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          ...process.execArgv,
          process.argv[1] as string,
          ...process.argv.slice(2),
          "--model",
          modelPath,
          "--child",
          String(arm.budget),
        ],
        { maxBuffer: 1 << 20 },
      );
      const result = JSON.parse(stdout.trim().split("\n").at(-1) as string) as ArmResult;
      results.get(arm.name)?.push(result);
      console.log(
        `  rep ${rep + 1} ${arm.name}: peak RSS ${result.peakRssMb.toFixed(0)} MB, ${result.seconds.toFixed(1)} s, ${result.collections} forced collections`,
      );
    }
  }
  const summary = arms.map((arm) => {
    const rows = results.get(arm.name) as ArmResult[];
    return {
      name: arm.name,
      peak: median(rows.map((r) => r.peakRssMb)),
      seconds: median(rows.map((r) => r.seconds)),
      tokPerS: median(rows.map((r) => r.tokens / r.seconds)),
    };
  });
  for (const row of summary)
    console.log(
      `${row.name}: median peak RSS ${row.peak.toFixed(0)} MB, ${row.seconds.toFixed(1)} s (${row.tokPerS.toFixed(1)} tok/s)`,
    );
  const [base, budgeted] = summary as [(typeof summary)[number], (typeof summary)[number]];
  console.log(
    `peak RSS ratio budgeted/V8 alone: ${(budgeted.peak / base.peak).toFixed(2)}; throughput ratio: ${(budgeted.tokPerS / base.tokPerS).toFixed(2)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
