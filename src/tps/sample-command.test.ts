import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../cli/cli-io.js";
import { addExportPairsCommand } from "../cli/commands/export-pairs-command.js";
import { sampleCommand } from "../cli/commands/sample-command.js";
import { InputError } from "../errors/input-error.js";
import { readPairs } from "../pairs/index.js";
import { createToolChatGgufModel, type ToolChatGgufModel } from "./test-support/tool-chat-gguf-model.js";
import { TPS_RECORDS, tpsTokenizerTexts } from "./test-support/tps-records.js";

let fixture: ToolChatGgufModel;
let dir: string;
let data: string;

beforeAll(async () => {
  fixture = await createToolChatGgufModel({ texts: tpsTokenizerTexts() });
  dir = await mkdtemp(path.join(tmpdir(), "ttpa-sample-cli-"));
  data = path.join(dir, "train.jsonl");
  await writeFile(data, TPS_RECORDS.map((record) => `${JSON.stringify(record)}\n`).join(""));
});
afterAll(async () => {
  await fixture?.cleanup();
  await rm(dir, { recursive: true, force: true });
});

/** Runs the two commands as the CLI would, with output captured. */
async function cli(...argv: string[]): Promise<{ stdout: string; stderr: string }> {
  const out = { stdout: "", stderr: "" };
  const io: CliIo = {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
  };
  const program = new Command("ttpa").exitOverride();
  program.addCommand(sampleCommand.create(io).exitOverride());
  addExportPairsCommand(program.command("export"), io).exitOverride();
  await program.parseAsync(argv, { from: "user" });
  return out;
}

describe("ttpa sample / ttpa export pairs", () => {
  it("samples pairs from a GGUF model, resumes on a rerun, and exports them", async () => {
    const out = path.join(dir, "pairs.jsonl");
    const model = [
      "--model",
      fixture.modelPath,
      "--data",
      data,
      "--out",
      out,
      "--max-tokens",
      "16",
      "--threads",
      "1",
    ];
    const first = await cli("sample", ...model, "--limit", "2");
    expect(first.stdout).toMatch(/^sampled 2 turns, \d+ pairs .* → /);
    const second = await cli("sample", ...model, "--branches", "4");
    expect(second.stdout).toMatch(/^sampled 3 turns \(2 already done\)/);
    const pairs = await readPairs(out);
    expect(new Set(pairs.map((pair) => pair.meta.target_id)).size).toBeGreaterThan(0);
    expect(pairs.every((pair) => pair.meta.sampler.name === "tps")).toBe(true);

    const exported = await cli(
      "export",
      "pairs",
      "--format",
      "llamafactory",
      "--in",
      out,
      "--out",
      path.join(dir, "lf"),
    );
    expect(exported.stdout).toMatch(new RegExp(`^wrote ${pairs.length} pairs \\(llamafactory\\)`));
    const info = JSON.parse(await readFile(path.join(dir, "lf", "dataset_info.json"), "utf8"));
    expect(info.ttpa_pairs).toMatchObject({ ranking: true, formatting: "sharegpt" });
  });

  it("runs the baseline sampler", async () => {
    const out = path.join(dir, "baseline.jsonl");
    const args = [
      "--model",
      fixture.modelPath,
      "--data",
      data,
      "--out",
      out,
      "--max-tokens",
      "12",
      "--threads",
      "1",
    ];
    const run = await cli(
      "sample",
      ...args,
      "--sampler",
      "baseline",
      "--samples",
      "3",
      "--temperature",
      "0.7",
    );
    expect(run.stdout).toMatch(/^sampled 5 turns/);
    const pairs = await readPairs(out);
    expect(
      pairs.every((pair) => pair.meta.sampler.name === "baseline" && pair.meta.sampler.samples === 3),
    ).toBe(true);
  });

  it("refuses a remote model for now, and bad option values, with a one-line reason", async () => {
    await expect(
      cli(
        "sample",
        "--model",
        "http://localhost:8000/v1",
        "--data",
        data,
        "--out",
        path.join(dir, "x.jsonl"),
      ),
    ).rejects.toThrow(InputError);
    await expect(
      cli("sample", "--model", "missing.gguf", "--data", data, "--out", path.join(dir, "x.jsonl")),
    ).rejects.toThrow(/missing\.gguf/);
    await expect(
      cli(
        "sample",
        "--model",
        fixture.modelPath,
        "--data",
        data,
        "--out",
        path.join(dir, "x.jsonl"),
        "--min-prob",
        "0",
      ),
    ).rejects.toThrow(/probability/);
  });
});
