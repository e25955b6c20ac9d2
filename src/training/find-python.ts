import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { TrainerUnavailable } from "./trainer-unavailable.js";

const run = promisify(execFile);

export interface PythonRuntime {
  /** The interpreter that imports torch. */
  python: string;
  torchVersion: string;
}

let cached: Promise<PythonRuntime> | undefined;

/**
 * The first Python that imports torch, among `TTPA_PYTHON`, `python3` on PATH and Debian's
 * `/usr/bin/python3` (where `apt-get install python3-torch` puts it, while PATH may lead to another
 * Python first). Throws TrainerUnavailable, which says how to install PyTorch.
 */
export function findPython(): Promise<PythonRuntime> {
  cached ??= search();
  return cached;
}

async function search(): Promise<PythonRuntime> {
  const candidates = [process.env.TTPA_PYTHON, "python3", "/usr/bin/python3"].filter(
    (candidate): candidate is string => Boolean(candidate),
  );
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
