import { probePythons } from "../python/probe-pythons.js";
import { TrainerUnavailable } from "./trainer-unavailable.js";

export interface PythonRuntime {
  /** The interpreter that imports torch. */
  python: string;
  torchVersion: string;
}

let cached: Promise<PythonRuntime> | undefined;

/**
 * The first Python that imports torch, among `TTPA_PYTHON`, `python3` on PATH and Debian's
 * `/usr/bin/python3` (see probePythons). Throws TrainerUnavailable, which says how to install PyTorch.
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
