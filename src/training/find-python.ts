import { probePythons } from "../python/probe-pythons.js";
import { TrainerUnavailable } from "./trainer-unavailable.js";

export interface PythonRuntime {
  /** The interpreter that imports torch. */
  python: string;
  torchVersion: string;
}

let cached: Promise<PythonRuntime> | undefined;

/**
 * The Python that imports torch, as probePythons finds it (`TTPA_PYTHON` alone when set, else the
 * project's `.venv`, else `python3`). Throws TrainerUnavailable, which says how to set one up.
 */
export function findPython(): Promise<PythonRuntime> {
  cached ??= search();
  return cached;
}

async function search(): Promise<PythonRuntime> {
  const { found, tried } = await probePythons("import torch; print(torch.__version__)");
  if (found) return { python: found.python, torchVersion: found.stdout.trim() };
  cached = undefined;
  throw new TrainerUnavailable(tried);
}
