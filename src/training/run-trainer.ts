import { spawn } from "node:child_process";
import {
  appendFileSync,
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { findPython } from "./find-python.js";
import { TrainerFailed, TrainerInputError } from "./trainer-failed.js";

/** One JSON event line of the trainer (`step`, `eval`, `checkpoint`, `done`, `error`, ...). */
export interface TrainerEvent {
  event: string;
  [field: string]: unknown;
}

export interface RunTrainerOptions {
  /**
   * `python3 -m trainer` command and its arguments: `["sft", "--model", ...]`. The trainer runs in
   * the package root, so paths in them must be absolute.
   */
  args: string[];
  /** Processes for DistributedDataParallel through `python3 -m trainer.torchrun`. Default 1 (no torchrun). */
  nproc?: number;
  onEvent?: (event: TrainerEvent) => void;
  /**
   * Where every event is also written as JSON lines (the run's metrics), each line as it arrives.
   * A run that resumes from the checkpoint of step N keeps the earlier lines up to step N, so the
   * file tells the whole run once; a fresh run starts it over. Default: nowhere.
   */
  metricsFile?: string;
}

/** The package root, whose `trainer/` folder is the Python package (same from `src/` and `dist/`). */
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Runs the Python trainer and relays its JSON event lines. Resolves with the `done` event. The
 * trainer's refusal of its input (its error events of kind "input") rejects with
 * TrainerInputError; a crash rejects with TrainerFailed carrying the trainer's own error line (or
 * its last stderr line).
 */
export async function runTrainer(options: RunTrainerOptions): Promise<TrainerEvent> {
  const { python } = await findPython();
  const nproc = options.nproc ?? 1;
  // trainer.torchrun is torchrun with a fix for torch 1.13 on Python 3.11 (see trainer/torchrun.py).
  const argv =
    nproc > 1
      ? [
          "-m",
          "trainer.torchrun",
          "--standalone",
          `--nproc_per_node=${nproc}`,
          "-m",
          "trainer",
          ...options.args,
        ]
      : ["-m", "trainer", ...options.args];
  const child = spawn(python, argv, {
    cwd: PACKAGE_ROOT,
    env: {
      ...process.env,
      PYTHONPATH: [PACKAGE_ROOT, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter),
      PYTHONUNBUFFERED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const metrics = options.metricsFile === undefined ? undefined : new MetricsFile(options.metricsFile);
  let done: TrainerEvent | undefined;
  let error: { message: string; kind: unknown } | undefined;
  let lastStderr = "";
  createInterface({ input: child.stderr }).on("line", (line) => {
    if (line.trim() !== "") lastStderr = line.trim();
  });
  const events = createInterface({ input: child.stdout });
  events.on("line", (line) => {
    let event: TrainerEvent;
    try {
      event = JSON.parse(line) as TrainerEvent;
    } catch {
      return;
    }
    if (event.event === "error") error ??= { message: String(event.message), kind: event.kind };
    if (event.event === "done") done = event;
    metrics?.add(line, event);
    options.onEvent?.(event);
  });
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  }).finally(() => metrics?.close());
  if (exitCode === 0 && done) return done;
  if (error?.kind === "input") throw new TrainerInputError(error.message, exitCode);
  throw new TrainerFailed(error?.message ?? (lastStderr || `exited with code ${exitCode}`), exitCode);
}

/**
 * The metrics file of one trainer process. Lines are appended as they arrive, each with one write.
 * Nothing is touched until the trainer's `start` event, which says where the run starts: from
 * step 0 the file starts over; from a checkpoint of step N the earlier lines of steps up to N stay
 * (lines of later steps were trained again, and would repeat). A trainer that fails before it starts
 * (bad flags, a refused resume) leaves the earlier lines and appends its error.
 */
class MetricsFile {
  private fd: number | undefined;
  private pending: string[] = [];

  constructor(private readonly file: string) {}

  add(line: string, event: TrainerEvent): void {
    if (this.fd === undefined) {
      if (event.event !== "start") {
        this.pending.push(line);
        return;
      }
      this.begin(typeof event.start_step === "number" ? event.start_step : 0);
    }
    writeSync(this.fd as number, `${line}\n`);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    else if (this.pending.length > 0) appendFileSync(this.file, this.pending.map((l) => `${l}\n`).join(""));
    this.fd = undefined;
    this.pending = [];
  }

  private begin(startStep: number): void {
    const kept = startStep > 0 ? this.earlierLinesUpTo(startStep) : [];
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, [...kept, ...this.pending].map((l) => `${l}\n`).join(""));
    renameSync(temporary, this.file);
    this.pending = [];
    this.fd = openSync(this.file, "a");
  }

  /** Complete lines of the file as it is, without those of steps after `step` (a cut last line is dropped too). */
  private earlierLinesUpTo(step: number): string[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, "utf8")
      .split("\n")
      .filter((line) => {
        try {
          const event = JSON.parse(line) as TrainerEvent | null;
          return (
            typeof event === "object" &&
            event !== null &&
            !(typeof event.step === "number" && event.step > step)
          );
        } catch {
          return false;
        }
      });
  }
}
