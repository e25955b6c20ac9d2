import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { TrainerUnavailable } from "./trainer-unavailable.js";

const run = promisify(execFile);

/** The environment `scripts/setup.sh` makes from requirements.txt (this file is src/training or dist/training). */
const PROJECT_VENV_PYTHON = fileURLToPath(new URL("../../.venv/bin/python", import.meta.url));

export interface PythonRuntime {
  /** The interpreter that imports torch. */
  python: string;
  torchVersion: string;
}

let cached: Promise<PythonRuntime> | undefined;

/**
 * The first Python that imports torch, among `TTPA_PYTHON` (a user's own environment), the
 * project's `.venv` and `python3` on PATH. Throws TrainerUnavailable, which says how to install it.
 */
export function findPython(): Promise<PythonRuntime> {
  cached ??= search();
  return cached;
}

async function search(): Promise<PythonRuntime> {
  const candidates = [
    process.env.TTPA_PYTHON,
    existsSync(PROJECT_VENV_PYTHON) ? PROJECT_VENV_PYTHON : undefined,
    "python3",
  ].filter((candidate): candidate is string => Boolean(candidate));
  for (const python of candidates) {
    try {
      const { stdout } = await run(python, ["-c", "import torch; print(torch.__version__)"], {
        timeout: 60_000,
      });
      return { python, torchVersion: stdout.trim() };
    } catch {
      // try the next one
    }
  }
  cached = undefined;
  throw new TrainerUnavailable(candidates);
}
