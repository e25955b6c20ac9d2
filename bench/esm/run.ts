/**
 * ESM scoring throughput on one core, next to plain JSON.parse of the same prediction lines, timed
 * in the same run (machines here are shared and noisy: the ratio is what to read).
 *   npm run bench:esm [-- --count 20000 --reps 7]
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { scoreCalls } from "../../src/esm/index.js";
import { referenceFromCall } from "../../src/reference/index.js";
import { parseToolCalls } from "../../src/tool-calls/index.js";
import { loadToolset } from "../../src/tools/index.js";
import { median } from "../median.js";
import { generatePredictions } from "./generate-predictions.js";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const count = flag("count", 20_000);
const reps = flag("reps", 7);

const here = path.dirname(fileURLToPath(import.meta.url));
const tools = await loadToolset(path.resolve(here, "../../examples/toolsets"));
const items = generatePredictions(tools, count, 42);
const references = items.map((item) => item.reference.map(referenceFromCall));
const totalCalls = items.reduce((sum, item) => sum + item.calls, 0);
const totalBytes = items.reduce((sum, item) => sum + item.line.length, 0);

function parseOnly(): number {
  let sink = 0;
  for (const item of items) sink += (JSON.parse(item.line) as { id: string }).id.length;
  return sink;
}

/**
 * JSON.parse + parseToolCalls alone, for the split between parsing and scoring. Its results are
 * dropped, like `score`'s: keeping many alive would make V8 allocate the parsers' objects in the
 * old generation from then on, and slow down what is measured.
 */
function parseCallsOnly(): number {
  let sink = 0;
  for (const item of items) {
    const { output } = JSON.parse(item.line) as { output: unknown };
    sink += parseToolCalls(output).type.length;
  }
  return sink;
}

function score(): number {
  let sum = 0;
  for (let i = 0; i < items.length; i++) {
    const { output } = JSON.parse(items[i]!.line) as { output: unknown };
    sum += scoreCalls({ result: parseToolCalls(output), reference: references[i]!, tools }).score;
  }
  return sum;
}

const time = (fn: () => number) => {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

// Warm up every path so that the JIT has compiled them before timing.
parseOnly();
score();
parseCallsOnly();
const parseTimes: number[] = [];
const scoreTimes: number[] = [];
const parseCallsTimes: number[] = [];
for (let r = 0; r < reps; r++) {
  parseTimes.push(time(parseOnly));
  scoreTimes.push(time(score));
  parseCallsTimes.push(time(parseCallsOnly));
}
const parseMs = median(parseTimes);
const scoreMs = median(scoreTimes);
const parseCallsMs = median(parseCallsTimes);
console.log(
  `ESM benchmark: ${count} predictions, ${totalCalls} predicted calls, ${(totalBytes / 1e6).toFixed(1)} MB, ${reps} reps (medians)`,
);
console.log(`  JSON.parse of the lines only:        ${parseMs.toFixed(1)} ms`);
console.log(
  `  JSON.parse + parse calls + ESM score: ${scoreMs.toFixed(1)} ms  (${Math.round((totalCalls / scoreMs) * 1000).toLocaleString("en-US")} calls/s on one core)`,
);
console.log(
  `    of which JSON.parse + parse calls:  ${parseCallsMs.toFixed(1)} ms  (timed apart; ESM score is the other ${(scoreMs - parseCallsMs).toFixed(1)} ms)`,
);
console.log(`  ratio scoring / parsing: ${(scoreMs / parseMs).toFixed(2)}x (goal: <= 3x)`);
