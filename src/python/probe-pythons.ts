import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The environment `scripts/setup.sh` makes from requirements.txt (this file is src/python or dist/python). */
const PROJECT_VENV_PYTHON = fileURLToPath(new URL("../../.venv/bin/python", import.meta.url));

export interface PythonProbe {
  /** The first interpreter that ran the code without error. */
  found?: { python: string; stdout: string };
  /** Every interpreter tried, in order, for a message saying where ttpa looked. */
  tried: string[];
}

/**
 * Runs `python -c code` with `TTPA_PYTHON` alone when it is set (a user's own environment, never
 * passed over), else with the project's `.venv` and then `python3` on PATH, and returns the first
 * that succeeds with its output. Every Python-side part of ttpa (the trainer, BFCL's package) is
 * found this way, so one `TTPA_PYTHON` points them all at the same environment.
 */
export async function probePythons(code: string): Promise<PythonProbe> {
  const tried = process.env.TTPA_PYTHON
    ? [process.env.TTPA_PYTHON]
    : [...(existsSync(PROJECT_VENV_PYTHON) ? [PROJECT_VENV_PYTHON] : []), "python3"];
  for (const python of tried) {
    try {
      const { stdout } = await run(python, ["-c", code], { timeout: 60_000 });
      return { found: { python, stdout }, tried };
    } catch {
      // try the next one
    }
  }
  return { tried };
}
