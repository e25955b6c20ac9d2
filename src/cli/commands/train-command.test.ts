import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConstruct, SimulatorGenerator } from "../../construct/index.js";
import { type DatasetRecord, readDataset } from "../../dataset/index.js";
import { InputError } from "../../errors/input-error.js";
import { type TrainerEvent, TrainerFailed, trainSft } from "../../training/index.js";
import { COMPACT_TOOLSET } from "../../training/test-support/compact-toolset.js";
import { runCli as run } from "../test-support/run-cli.js";
import { spawnTtpa } from "../test-support/spawn-ttpa.js";

// `ttpa train` end to end on the tiny model (CPU, PyTorch): a few seconds per trainer process.
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
let root: string;
let records: DatasetRecord[];
/** A tiny checkpoint trained here (tokenizer, chat template, weights) that every test starts from. */
let base: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ttpa-train-cli-"));
  await runConstruct({
    generator: new SimulatorGenerator({ optionalRate: 0, kinds: { choice: 1 } }),
    tools: COMPACT_TOOLSET,
    out: path.join(root, "data.jsonl"),
    count: 40,
    seed: 5,
    window: 2,
    turns: [1, 1],
    callBudget: [1, 1],
  });
  records = await readDataset(path.join(root, "data.jsonl"));
  base = path.join(root, "base");
  await trainSft({
    records,
    model: "tiny",
    out: base,
    steps: 1,
    batchSize: 4,
    vocabSize: 600,
    maxLength: 512,
  });
}, 120_000);
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

function events(file: string): TrainerEvent[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as TrainerEvent];
      } catch {
        return []; // a line still being written
      }
    });
}

const steps = (list: TrainerEvent[]) => list.filter((e) => e.event === "step").map((e) => Number(e.step));
const json = (...parts: string[]) => JSON.parse(readFileSync(path.join(...parts), "utf8"));

describe("ttpa train", () => {
  it("takes paths relative to its working directory, and a killed run's metrics.jsonl resumes without repeats", {
    timeout: 120_000,
  }, async () => {
    // Relative --data, --model and --out, from a folder that is not the package root the trainer runs in.
    const args = ["train", "sft", "--data", "data.jsonl", "--model", "base", "--out", "resumed"];
    const settings = [
      "--steps",
      "24",
      "--batch-size",
      "4",
      "--checkpoint-every",
      "4",
      "--device",
      "cpu",
      "--max-length",
      "512",
    ];
    const metrics = path.join(root, "resumed", "metrics.jsonl");
    const first = spawnTtpa([...args, ...settings], { cwd: root });
    // kill -9 of the CLI and its trainer (one process group) once step 10 is in the file.
    let seen: TrainerEvent[] = [];
    const deadline = Date.now() + 90_000;
    while (Math.max(0, ...steps(seen)) < 10 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = events(metrics);
    }
    process.kill(-(first.child.pid as number), "SIGKILL");
    expect((await first.exit).signal).toBe("SIGKILL");
    const killed = events(metrics);
    expect(killed.some((e) => e.event === "done")).toBe(false);
    // Every line up to the kill is there: written as it came, not at exit.
    const before = steps(killed);
    expect(before.length).toBeGreaterThanOrEqual(10);
    expect(before).toEqual(Array.from({ length: before.length }, (_, i) => i + 1));

    const second = spawnTtpa([...args, ...settings, "--resume"], { cwd: root });
    expect((await second.exit).code, second.stderr()).toBe(0);
    const all = events(metrics);
    const starts = all.filter((e) => e.event === "start");
    expect(starts).toHaveLength(2);
    const resumedAt = Number(starts[1]?.start_step);
    expect(resumedAt).toBeGreaterThanOrEqual(8);
    expect(resumedAt % 4).toBe(0);
    // Each step once, in order: the earlier run's up to the checkpoint, the resumed run's after it.
    expect(steps(all)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(all.at(-1)?.event).toBe("done");
    expect(existsSync(path.join(root, "resumed", "config.json"))).toBe(true);
    expect(existsSync(path.join(repo, "resumed"))).toBe(false);
    expect(json(root, "resumed", "trainer_config.json").model).toBe(base);
  });

  it("--nproc 2 trains with two processes (trainer.torchrun), with the device, precision and model-code flags", {
    timeout: 120_000,
  }, async () => {
    const out = path.join(root, "ddp");
    const { code, stderr } = await run(
      "train",
      "sft",
      "--data",
      path.join(root, "data.jsonl"),
      "--model",
      base,
      "--out",
      out,
      "--steps",
      "2",
      "--batch-size",
      "4",
      "--nproc",
      "2",
      "--device",
      "cpu",
      "--precision",
      "fp32",
      "--backend",
      "native",
      "--micro-batch-size",
      "1",
      "--max-length",
      "512",
    );
    expect(code, stderr).toBe(0);
    expect(json(out, "trainer_config.json")).toMatchObject({
      world_size: 2,
      device: "cpu",
      precision: "fp32",
      backend: "native",
      micro_batch_size: 1,
      grad_accum: 2,
    });
  });

  it("train dpo checkpoints every --checkpoint-every steps and passes LoRA flags to the trainer", {
    timeout: 120_000,
  }, async () => {
    const pairs = path.join(root, "pairs.jsonl");
    await writeFile(pairs, records.map((record) => `${JSON.stringify(pairOf(record))}\n`).join(""));
    const dpo = (out: string, ...flags: string[]) =>
      run(
        "train",
        "dpo",
        "--pairs",
        pairs,
        "--model",
        base,
        "--out",
        path.join(root, out),
        "--batch-size",
        "2",
        "--device",
        "cpu",
        "--max-length",
        "512",
        ...flags,
      );

    const trained = await dpo("dpo", "--steps", "4", "--checkpoint-every", "2");
    expect(trained.code, trained.stderr).toBe(0);
    for (const step of ["00000002", "00000004"]) {
      expect(existsSync(path.join(root, "dpo", "checkpoints", `step-${step}`, "trainer_state.pt"))).toBe(
        true,
      );
    }

    const lora = await dpo(
      "dpo-lora",
      ...["--steps", "1", "--lora-r", "4", "--lora-alpha", "8", "--lora-end-of-turn-lr", "5"],
    );
    if (lora.code === 0) {
      // A trainer with transformers and peft: only the adapters train.
      const config = json(root, "dpo-lora", "trainer_config.json");
      expect(config).toMatchObject({ lora_r: 4, lora_alpha: 8, lora_end_of_turn_lr: 5 });
      expect(config.trainable_parameters).toBeLessThan(config.parameters);
    } else {
      // Without peft the trainer refuses the flag it was given: a plain one-line error.
      expect(lora.stderr).toBe(
        "ttpa: trainer: LoRA needs the transformers and peft packages (pip install transformers peft)\n",
      );
      expect(lora.code).toBe(1);
    }
    const detail = await dpo("dpo-alpha", "--lora-alpha", "8");
    expect(detail).toMatchObject({ code: 1, stderr: "ttpa: --lora-alpha needs --lora-r (the LoRA rank)\n" });
  });

  it("shows the trainer's refusal of its input as one plain line, and keeps 'internal error' for crashes", {
    timeout: 120_000,
  }, async () => {
    const four = path.join(root, "four.jsonl");
    await writeFile(
      four,
      records
        .slice(0, 4)
        .map((record) => `${JSON.stringify(record)}\n`)
        .join(""),
    );
    const sft = (out: string, data: string, ...flags: string[]) =>
      run(
        "train",
        "sft",
        "--data",
        data,
        "--model",
        base,
        "--out",
        path.join(root, out),
        "--max-length",
        "512",
        ...flags,
      );
    // A flag the trainer refuses: 4 examples per step cannot be split into forward passes of 3.
    const micro = await sft(
      "micro",
      path.join(root, "data.jsonl"),
      "--batch-size",
      "4",
      "--micro-batch-size",
      "3",
    );
    expect(micro).toMatchObject({
      code: 1,
      stderr: "ttpa: trainer: --micro-batch-size 3 does not divide the 4 examples per rank\n",
    });
    // Data the trainer refuses: one of the four is held out for eval loss, three are left for batches of four.
    const small = await sft("small", four, "--batch-size", "4");
    expect(small.code).toBe(1);
    expect(small.stderr).toMatch(/^ttpa: .*\b3 training examples\b.*\bbatch\b.*\n$/);
    expect(small.stderr).not.toContain("internal error");

    // torch's own RuntimeError for a negative thread count: not an input check, a crash.
    const crash = await trainSft({
      records,
      model: base,
      out: path.join(root, "crash"),
      steps: 1,
      batchSize: 4,
      maxLength: 512,
      extraArgs: ["--threads", "-1"],
    }).catch((error: unknown) => error);
    expect(crash).toBeInstanceOf(TrainerFailed);
    expect(crash).not.toBeInstanceOf(InputError);
    expect((crash as Error).message).toMatch(/^trainer: RuntimeError: /);
  });

  it("names the python it tried and how to set one up when TTPA_PYTHON has no PyTorch", {
    timeout: 60_000,
  }, async () => {
    const missing = path.join(root, "no-such-env", "bin", "python");
    const child = spawnTtpa(
      [
        "train",
        "sft",
        "--data",
        path.join(root, "data.jsonl"),
        "--model",
        base,
        "--out",
        path.join(root, "x"),
      ],
      { env: { TTPA_PYTHON: missing } },
    );
    expect((await child.exit).code).toBe(1);
    expect(child.stderr()).toBe(
      `ttpa: PyTorch not found (tried ${missing}): run 'bash scripts/setup.sh' to make the project's .venv, ` +
        "or set TTPA_PYTHON to a python where 'pip install -r requirements.txt' was run\n",
    );
  });
});

/** A preference pair from a record: its first call as chosen, the same call to another tool as rejected. */
function pairOf(record: DatasetRecord) {
  const turn = record.messages.findIndex((m) => m.role === "assistant" && (m.tool_calls ?? []).length > 0);
  const chosen = record.messages[turn] as { tool_calls: Array<{ function: { name: string } }> };
  const name = chosen.tool_calls[0]!.function.name;
  const other = record.tools.find((tool) => tool.function.name !== name)!.function.name;
  const rejected = JSON.parse(JSON.stringify(chosen));
  rejected.tool_calls[0].function.name = other;
  return {
    id: record.id,
    tools: record.tools,
    prompt: record.messages.slice(0, turn),
    chosen,
    rejected,
    meta: {
      divergence_token: 0,
      chosen_score: 1,
      rejected_score: 0.5,
      errors: [],
      sampler: { name: "tps", model: "test" },
      target_id: record.id,
    },
  };
}
