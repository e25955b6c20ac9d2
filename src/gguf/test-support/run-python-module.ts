import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findPython } from "../../training/find-python.js";

const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** `python -m MODULE ARGS` in the package root with the trainer's Python; stdout, or throws with stderr's tail. */
export async function runPythonModule(module: string, args: string[], input?: string): Promise<string> {
  const { python } = await findPython();
  const run = spawnSync(python, ["-m", module, ...args], {
    cwd: PACKAGE_ROOT,
    input,
    maxBuffer: 1 << 28,
    env: { ...process.env, PYTHONPATH: PACKAGE_ROOT, TRANSFORMERS_VERBOSITY: "error" },
  });
  if (run.status !== 0) throw new Error(`python -m ${module} failed: ${run.stderr.toString().slice(-2000)}`);
  return run.stdout.toString();
}
