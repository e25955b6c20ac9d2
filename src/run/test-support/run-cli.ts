import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll } from "vitest";
import { spawnTtpa } from "../../cli/test-support/spawn-ttpa.js";

/** `ttpa run` in a child process (its own process group: a kill takes the trainer it started too). */
export interface RunCli {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) killGroup(child);
});

function killGroup(child: ChildProcess): void {
  if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
}

/** `ttpa run CONFIG --dir DIR`, as bin/ttpa.js runs it but from the sources (no build). */
export function ttpaRun(config: string, dir: string): RunCli {
  const ttpa = spawnTtpa(["run", config, "--dir", dir]);
  children.push(ttpa.child);
  return { child: ttpa.child, output: () => ttpa.stdout() + ttpa.stderr(), exit: ttpa.exit };
}

/** Its output, once it exits 0; its output in the error otherwise. */
export async function completes(cli: RunCli): Promise<string> {
  const { code, signal } = await cli.exit;
  if (code !== 0) throw new Error(`ttpa run ended with ${signal ?? `exit code ${code}`}:\n${cli.output()}`);
  return cli.output();
}

/**
 * Kills the run (SIGKILL, with its trainer) as soon as `ready()` holds while `stage` is running;
 * throws, saying how to make the stage last longer, when the stage ends or the run exits first.
 */
export async function killDuring(
  cli: RunCli,
  dir: string,
  stage: string,
  ready: () => boolean,
): Promise<void> {
  let exited = false;
  void cli.exit.then(() => {
    exited = true;
  });
  const deadline = Date.now() + 600_000;
  for (;;) {
    const status = stageStatus(dir, stage);
    if (status === "done" || status === "failed") {
      killGroup(cli.child);
      throw new Error(
        `${stage} was ${status} before the moment to kill it; make it last longer:\n${cli.output()}`,
      );
    }
    if (status === "running" && ready()) break;
    if (exited) throw new Error(`ttpa run exited before ${stage} could be killed:\n${cli.output()}`);
    if (Date.now() > deadline) {
      killGroup(cli.child);
      throw new Error(`${stage} not ready to be killed after 600 s:\n${cli.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  killGroup(cli.child);
  await cli.exit;
}

export function lineCount(file: string): number {
  if (!existsSync(file)) return 0;
  return readFileSync(file, "utf8").split("\n").length - 1;
}

/** The manifest's status of a stage; undefined before the stage starts. The manifest is replaced atomically. */
export function stageStatus(dir: string, stage: string): string | undefined {
  const file = path.join(dir, "manifest.json");
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, "utf8")).stages?.[stage]?.status;
}

/** A file of a run, its run folder (recorded in pairs as the sampler's model path) written as RUN. */
export const runText = (dir: string, file: string) =>
  readFileSync(path.join(dir, file), "utf8").replaceAll(dir, "RUN");

export const fileSha256 = (dir: string, file: string) =>
  createHash("sha256")
    .update(readFileSync(path.join(dir, file)))
    .digest("hex");

/** The first line where two texts differ, both sides shortened; undefined when they are equal. */
export function firstDifference(a: string, b: string): string | undefined {
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

/**
 * Asserts that a resumed run folder holds what the uninterrupted one does: the same results, the
 * same lines in `texts` and the same bytes in `binaries`. Returns the first difference, or undefined.
 */
export function runDifference(
  resumed: string,
  whole: string,
  texts: string[],
  binaries: string[],
): string | undefined {
  for (const file of ["results.json", ...texts]) {
    const difference = firstDifference(runText(resumed, file), runText(whole, file));
    if (difference !== undefined) return `${file}: ${difference}`;
  }
  for (const file of binaries) {
    if (fileSha256(resumed, file) !== fileSha256(whole, file)) return `${file}: the bytes differ`;
  }
  return undefined;
}
