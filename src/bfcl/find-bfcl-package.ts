import { probePythons } from "../python/probe-pythons.js";
import { BfclNotInstalled } from "./bfcl-not-installed.js";

export interface BfclPackage {
  /** The Python that has `bfcl_eval`. */
  python: string;
  /** The package's `data` folder: `BFCL_v4_*.json` and `possible_answer/`, as importBfcl reads them. */
  dataDir: string;
}

// find_spec locates the package without importing it (its checker's imports pull model providers).
const LOCATE = [
  "import importlib.util, os",
  "spec = importlib.util.find_spec('bfcl_eval')",
  "print(os.path.join(list(spec.submodule_search_locations)[0], 'data'))",
].join("\n");

/**
 * The installed `bfcl-eval` package (BFCL's own data and checker), found in the first Python of
 * `TTPA_PYTHON`, `python3`, `/usr/bin/python3` that has it. Throws BfclNotInstalled otherwise.
 */
export async function findBfclPackage(): Promise<BfclPackage> {
  const { found, tried } = await probePythons(LOCATE);
  if (!found) throw new BfclNotInstalled(tried);
  return { python: found.python, dataDir: found.stdout.trim() };
}
