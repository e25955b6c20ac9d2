import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TextTokenizer } from "../tokenizer/index.js";
import { TPS_RECORDS } from "../tps/test-support/tps-records.js";
import { buildTokenizer, encodePairs, findPython } from "../training/index.js";
import { exportPairs } from "./export-pairs.js";
import type { PreferencePair } from "./preference-pair.js";
import { samplePairs } from "./test-support/index.js";

// TRL's DPOTrainer reading `ttpa export pairs --format trl` for real: TRL 1.16 from
// requirements-dev.txt in the trainer's environment (the one findPython picks).
const run = promisify(execFile);
const script = fileURLToPath(new URL("./test-support/trl-dpo-steps.py", import.meta.url));
let dir: string;
let pairs: PreferencePair[];
let tokenizer: TextTokenizer;

interface TrlOutcome {
  steps: number;
  losses: number[];
  moved: number;
  rows: Array<{ id: string; prompt_ids: number[]; chosen_ids: number[]; rejected_ids: number[] }>;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ttpa-trl-"));
  pairs = await samplePairs();
  // One row with other tools, of other schema shapes: `datasets` must not align the rows' tool
  // schemas into one nested type (filling each row with the others' keys as nulls).
  const first = pairs[0] as PreferencePair;
  pairs.push({
    ...first,
    id: "other-tools/1",
    tools: [
      {
        type: "function",
        function: {
          name: "search_flights",
          description: "Flights between two airports.",
          parameters: {
            type: "object",
            properties: {
              from: { type: "string" },
              to: { type: "string" },
              stops: { type: "array", items: { type: "integer" } },
            },
            required: ["from", "to"],
          },
        },
      },
      ...first.tools.slice(1),
    ],
  });
  // A tokenizer learned from the pairs' own conversations, written as Hugging Face files with the
  // tool chat template, so TRL renders the prompts (tools included) through transformers' Jinja.
  tokenizer = await buildTokenizer({
    records: [
      ...TPS_RECORDS,
      ...pairs.map((pair) => ({
        id: pair.id,
        tools: pair.tools,
        messages: [...pair.prompt, pair.chosen],
        meta: TPS_RECORDS[0]!.meta,
      })),
    ],
    vocabSize: 400,
    dir: path.join(dir, "tokenizer"),
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function trainWithTrl(exportFile: string): Promise<TrlOutcome> {
  const { python } = await findPython();
  const { stdout } = await run(python, [script, exportFile, path.join(dir, "tokenizer")], {
    timeout: 240_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, HF_DATASETS_OFFLINE: "1", HF_HUB_OFFLINE: "1", TOKENIZERS_PARALLELISM: "false" },
  }).catch((error: Error & { stderr?: string }) => {
    const hint = /No module named '(trl|datasets)'/.test(error.stderr ?? "")
      ? " (install the dev requirements: .venv/bin/pip install -r requirements-dev.txt)"
      : "";
    throw new Error(`TRL run failed${hint}: ${error.stderr?.slice(-2000) ?? error.message}`);
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) as string) as TrlOutcome;
}

describe("TRL's DPOTrainer on ttpa's TRL export", () => {
  it.each([
    ["tools as schema lists", false],
    ["tools as a JSON string", true],
  ])("tokenizes every pair as ttpa does and takes two steps (%s)", async (_label, toolsAsJsonString) => {
    const name = toolsAsJsonString ? "strings" : "lists";
    await exportPairs({ pairs, format: "trl", outDir: dir, name, toolsAsJsonString });
    const outcome = await trainWithTrl(path.join(dir, `${name}.jsonl`));

    expect(outcome.steps).toBe(2);
    expect(outcome.losses).toHaveLength(2);
    expect(outcome.losses.every(Number.isFinite)).toBe(true);
    expect(outcome.moved).toBeGreaterThan(0);

    // The sequences TRL trains on are token for token the ones ttpa's own DPO trainer reads, and the
    // completion starts where ttpa's loss mask does: the tools reached TRL's chat template intact.
    const ours = encodePairs({ pairs, tokenizer, maxLength: 100_000 }).pairs;
    expect(outcome.rows.map((row) => row.id)).toEqual(pairs.map((pair) => pair.id));
    outcome.rows.forEach((row, i) => {
      const expected = ours[i]!;
      expect([...row.prompt_ids, ...row.chosen_ids], row.id).toEqual(expected.chosen_ids);
      expect([...row.prompt_ids, ...row.rejected_ids], row.id).toEqual(expected.rejected_ids);
      expect(row.prompt_ids.length, row.id).toBe(expected.chosen_mask.indexOf(1));
    });
  });
});
