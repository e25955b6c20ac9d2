import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { findPython } from "./find-python.js";
import { TrainerFailed } from "./trainer-failed.js";

/** One JSON event line of the trainer (`step`, `eval`, `checkpoint`, `done`, `error`, ...). */
export interface TrainerEvent {
  event: string;
  [field: string]: unknown;
}

export interface RunTrainerOptions {
  /** `python3 -m trainer` command and its arguments: `["sft", "--model", ...]`. */
  args: string[];
  /** Processes for DistributedDataParallel through torchrun. Default 1 (no torchrun). */
  nproc?: number;
  onEvent?: (event: TrainerEvent) => void;
  /** Where every event is also written as JSON lines (the run's metrics), once the run ends. Default: nowhere. */
  metricsFile?: string;
}

/** The package root, whose `trainer/` folder is the Python package (same from `src/` and `dist/`). */
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Runs the Python trainer and relays its JSON event lines. Resolves with the `done` event; a crash
 * rejects with TrainerFailed carrying the trainer's own error line (or its last stderr line).
 */
export async function runTrainer(options: RunTrainerOptions): Promise<TrainerEvent> {
  const { python } = await findPython();
  const nproc = options.nproc ?? 1;
  const argv =
    nproc > 1
      ? [
          "-m",
          "torch.distributed.run",
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
  let done: TrainerEvent | undefined;
  const lines: string[] = [];
  let error: string | undefined;
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
    if (event.event === "error") error ??= String(event.message);
    if (event.event === "done") done = event;
    lines.push(line);
    options.onEvent?.(event);
  });
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (options.metricsFile) await writeFile(options.metricsFile, lines.map((l) => `${l}\n`).join(""));
  if (exitCode === 0 && done) return done;
  throw new TrainerFailed(error ?? (lastStderr || `exited with code ${exitCode}`), exitCode);
}
