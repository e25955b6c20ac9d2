import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface PythonProbe {
  /** The first interpreter that ran the code without error. */
  found?: { python: string; stdout: string };
  /** Every interpreter tried, in order, for a message saying where ttpa looked. */
  tried: string[];
}

/**
 * Runs `python -c code` with `TTPA_PYTHON`, `python3` on PATH and Debian's `/usr/bin/python3`
 * (where apt puts its Python packages while PATH may lead to another Python first), in that order,
 * and returns the first that succeeds with its output. Every Python-side part of ttpa (the trainer,
 * BFCL's package) is found this way, so one `TTPA_PYTHON` points them all at the same environment.
 */
export async function probePythons(code: string): Promise<PythonProbe> {
  const tried = [process.env.TTPA_PYTHON, "python3", "/usr/bin/python3"].filter(
    (candidate): candidate is string => Boolean(candidate),
  );
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
