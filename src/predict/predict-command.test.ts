import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Command, CommanderError } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LlamaCppLanguageModel } from "../backends/llama-cpp/index.js";
import type { CliIo } from "../cli/cli-io.js";
import { exportCommand } from "../cli/commands/export-command.js";
import { predictCommand } from "../cli/commands/predict-command.js";
import { main } from "../cli/main.js";
import { InputError } from "../errors/input-error.js";
import { type TinyLlamaCheckpoint, writeTinyLlamaCheckpoint } from "../gguf/test-support/index.js";
import { type ModelServer, startModelServer } from "../serve/index.js";
import { writeWeatherDataset } from "./test-support/index.js";

let dir: string;
let checkpoint: TinyLlamaCheckpoint;
let data: string;

/** Runs the new commands the way `main` runs registered ones: exit codes, one-line input errors. */
async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  };
  const program = new Command("ttpa");
  for (const spec of [exportCommand, predictCommand]) program.addCommand(spec.create(io));
  const quiet = (command: Command): void => {
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    for (const sub of command.commands) quiet(sub);
  };
  quiet(program);
  try {
    await program.parseAsync(argv, { from: "user" });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode === 0 ? 0 : 2, stdout, stderr };
    if (error instanceof InputError) return { code: 1, stdout, stderr: `${stderr}ttpa: ${error.message}\n` };
    throw error;
  }
}

function predictions(file: string): Map<string, string> {
  const lines = readFileSync(file, "utf8").trim().split("\n");
  const entries = lines.map((line) => JSON.parse(line) as { id: string; output: string });
  const byId = new Map(entries.map((entry) => [entry.id, entry.output]));
  expect(byId.size).toBe(entries.length);
  return byId;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ttpa-predict-cli-"));
  checkpoint = await writeTinyLlamaCheckpoint({ dir: path.join(dir, "checkpoint") });
  data = path.join(dir, "test.jsonl");
  // Single-turn only: the tiny model's template cannot render assistant turns with tool calls.
  await writeWeatherDataset(data, undefined, false);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("ttpa export gguf → ttpa predict → ttpa eval", () => {
  it("exports, predicts in two runs without duplicates, and eval reads the predictions", async () => {
    const gguf = path.join(dir, "model.gguf");
    const exported = await run("export", "gguf", checkpoint.dir, "--out", gguf);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/wrote .*model\.gguf \(.* MiB, \d+ tensors, vocabulary \d+/);

    const out = path.join(dir, "predictions.jsonl");
    const common = ["--model", gguf, "--data", data, "--out", out, "--max-tokens", "8", "--threads", "1"];
    const first = await run("predict", ...common, "--limit", "3");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("wrote 3 predictions of 8 targets");
    expect(first.stderr).toContain("5 targets left: rerun the same command to continue");
    const second = await run("predict", ...common);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("wrote 5 predictions, 3 already done of 8 targets");
    expect(predictions(out).size).toBe(8);

    const evaluated = await main(["eval", "--data", data, "--predictions", out], {
      stdout: () => {},
      stderr: () => {},
    });
    expect(evaluated).toBe(0);
  });

  it("predicts the same outputs through ttpa serve as from the GGUF file", async () => {
    const gguf = path.join(dir, "model-remote.gguf");
    expect((await run("export", "gguf", checkpoint.dir, "--out", gguf, "--dtype", "f16")).code).toBe(0);
    const model = await LlamaCppLanguageModel.load({ modelPath: gguf, sequences: 4, threads: 1 });
    let server: ModelServer | undefined;
    try {
      server = await startModelServer({ model, port: 0 });
      const local = path.join(dir, "local.jsonl");
      const remote = path.join(dir, "remote.jsonl");
      const args = ["--data", data, "--max-tokens", "12", "--threads", "1"];
      expect((await run("predict", "--model", gguf, "--out", local, ...args)).code).toBe(0);
      const served = await run("predict", "--model", `${server.url}/v1`, "--out", remote, ...args);
      expect(served.code).toBe(0);
      expect(predictions(remote)).toEqual(predictions(local));
    } finally {
      await server?.close();
      await model.close();
    }
  });

  it("exits 1 with a one-line reason for a missing checkpoint, model file or server", async () => {
    const missing = await run("export", "gguf", path.join(dir, "nope"), "--out", path.join(dir, "x.gguf"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^ttpa: .*nope.*\n$/);
    const noFile = await run(
      "predict",
      "--model",
      path.join(dir, "nope.gguf"),
      "--data",
      data,
      "--out",
      "x.jsonl",
    );
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toMatch(/nope\.gguf: no such file/);
    const noServer = await run(
      "predict",
      "--model",
      "http://127.0.0.1:9",
      "--data",
      data,
      "--out",
      "x.jsonl",
    );
    expect(noServer.code).toBe(1);
    expect(noServer.stderr).toMatch(
      /cannot use http:\/\/127\.0\.0\.1:9 .*check the URL and that the server is running/,
    );
    const help = await run("export", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/gguf[\s\S]*pairs/);
    const dtype = await run("export", "gguf", checkpoint.dir, "--out", "x.gguf", "--dtype", "q4");
    expect(dtype.code).toBe(2);
    expect(dtype.stderr).toContain("Allowed choices are f32, f16");
  });
});
