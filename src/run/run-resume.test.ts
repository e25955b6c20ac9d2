import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spawnTtpa } from "../cli/test-support/spawn-ttpa.js";

// The miniature run of run-pipeline.test.ts, changed only where the kill needs it: a vocabulary and
// a short SFT at a high rate that leave prompts inside the context and the model unsure enough to
// branch at nearly every turn (TPS's 8 branches per turn, each reusing the greedy prefix in the
// cache), and 16 sampled turns so that sample-tps lasts seconds, not a moment. Every other stage is
// as small as it can be.
const CONFIG = {
  construct: { count: 80, window: 1, calls: [1, 1] },
  split: { test: 0.1, holdOutTools: 4 },
  model: { preset: "tiny", vocabSize: 1024, maxLength: 768 },
  sft: { steps: 12, batchSize: 2, lr: 0.02 },
  sample: { turns: 16, pairsPerTurn: 2, baselineSamples: 2, temperature: 1 },
  dpo: { steps: 2, batchSize: 2, lr: 1e-4, beta: 0.1 },
  eval: { maxTargets: 4 },
};
/** Pair lines written before the kill: at least two turns' worth, so the resumed run has pairs to keep. */
const PAIRS_BEFORE_KILL = 4;

interface Cli {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** `ttpa run CONFIG --dir DIR` in a child process, as bin/ttpa.js runs it but from the sources (no build). */
function ttpaRun(config: string, dir: string): Cli {
  const ttpa = spawnTtpa(["run", config, "--dir", dir]);
  children.push(ttpa.child);
  return { child: ttpa.child, output: () => ttpa.stdout() + ttpa.stderr(), exit: ttpa.exit };
}

async function completes(cli: Cli): Promise<string> {
  const { code, signal } = await cli.exit;
  if (code !== 0) throw new Error(`ttpa run ended with ${signal ?? `exit code ${code}`}:\n${cli.output()}`);
  return cli.output();
}

function lineCount(file: string): number {
  if (!existsSync(file)) return 0;
  return readFileSync(file, "utf8").split("\n").length - 1;
}

/** The manifest's status of a stage; undefined before the stage starts. The manifest is replaced atomically. */
function stageStatus(dir: string, stage: string): string | undefined {
  const file = path.join(dir, "manifest.json");
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, "utf8")).stages?.[stage]?.status;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A file of a run, its run folder (recorded in pairs as the sampler's model path) written as RUN. */
const text = (dir: string, file: string) => readFileSync(path.join(dir, file), "utf8").replaceAll(dir, "RUN");
/** The first line where two texts differ, both sides shortened; undefined when they are equal. */
function firstDifference(a: string, b: string): string | undefined {
  const left = a.split("\n");
  const right = b.split("\n");
  const line = left.findIndex((l, i) => l !== right[i]);
  if (line < 0 && left.length === right.length) return undefined;
  const at = line < 0 ? left.length : line;
  const l = left[at] ?? "<none>";
  const r = right[at] ?? "<none>";
  let column = 0;
  while (column < l.length && l[column] === r[column]) column++;
  const around = (s: string) => s.slice(Math.max(0, column - 80), column + 80);
  return `line ${at + 1} (of ${left.length - 1} and ${right.length - 1}), column ${column + 1}:\n  resumed:       ${around(l)}\n  uninterrupted: ${around(r)}`;
}
const sha256 = (dir: string, file: string) =>
  createHash("sha256")
    .update(readFileSync(path.join(dir, file)))
    .digest("hex");

describe("ttpa run, killed in sample-tps and run again", () => {
  it("ends with the pairs, models and metrics of an uninterrupted run with the same seed", {
    timeout: 600_000,
  }, async () => {
    const root = await mkdtemp(path.join(tmpdir(), "ttpa-resume-"));
    const config = path.join(root, "run.json");
    await writeFile(config, JSON.stringify(CONFIG));
    const whole = path.join(root, "uninterrupted");
    const killed = path.join(root, "killed");

    await completes(ttpaRun(config, whole));
    // Branches were sampled, not only greedy calls: the resumed turns have log-probabilities to get wrong.
    expect(text(whole, "sample-tps/pairs.jsonl")).toContain('"rejected_source":"branch"');

    const first = ttpaRun(config, killed);
    const pairs = path.join(killed, "sample-tps", "pairs.jsonl");
    const progress = path.join(killed, "sample-tps", "pairs.progress.jsonl");
    let exited = false;
    void first.exit.then(() => {
      exited = true;
    });
    const deadline = Date.now() + 300_000;
    for (;;) {
      const status = stageStatus(killed, "sample-tps");
      if (status === "done" || status === "failed") {
        first.child.kill("SIGKILL");
        throw new Error(
          `sample-tps was ${status} before ${PAIRS_BEFORE_KILL} pair lines were seen; raise sample.turns so it lasts long enough to be killed mid-way:\n${first.output()}`,
        );
      }
      if (status === "running" && lineCount(pairs) >= PAIRS_BEFORE_KILL) break;
      if (exited) throw new Error(`ttpa run exited before sample-tps could be killed:\n${first.output()}`);
      if (Date.now() > deadline) {
        first.child.kill("SIGKILL");
        throw new Error(`no ${PAIRS_BEFORE_KILL} pair lines in sample-tps after 300 s:\n${first.output()}`);
      }
      await sleep(10);
    }
    first.child.kill("SIGKILL");
    expect((await first.exit).signal).toBe("SIGKILL");
    // Killed mid-way: the stage still running in the manifest, some turns finished and some not.
    expect(stageStatus(killed, "sample-tps"), "sample-tps finished between the last look and the kill").toBe(
      "running",
    );
    const turnsBeforeKill = lineCount(progress);
    expect(turnsBeforeKill).toBeLessThan(lineCount(path.join(whole, "sample-tps", "pairs.progress.jsonl")));

    const rerun = await completes(ttpaRun(config, killed));
    expect(rerun).toContain("sft: unchanged, skipped");
    expect(rerun).toContain("sample-tps ...");

    expect(JSON.parse(text(killed, "results.json"))).toEqual(JSON.parse(text(whole, "results.json")));
    for (const file of [
      "sample-tps/pairs.jsonl",
      "sample-tps/pairs.progress.jsonl",
      "sample-baseline/pairs.jsonl",
      "eval-ttpa/seen.predictions.jsonl",
      "eval-ttpa/unseen.predictions.jsonl",
      "eval-baseline_dpo/seen.predictions.jsonl",
    ]) {
      expect(firstDifference(text(killed, file), text(whole, file)), file).toBeUndefined();
    }
    for (const file of ["sft/model.gguf", "dpo-ttpa/model.gguf", "dpo-baseline/model.gguf"]) {
      expect(sha256(killed, file), file).toBe(sha256(whole, file));
    }
    console.log(`killed after ${turnsBeforeKill} sampled turns; resumed to the same results`);
    await rm(root, { recursive: true, force: true });
  });
});
