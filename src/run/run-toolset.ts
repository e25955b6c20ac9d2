import { findBfclPackage, importBfcl } from "../bfcl/index.js";
import { loadToolset, synthesizeTools, type Toolset } from "../tools/index.js";
import type { RunConfig } from "./run-config.js";

/**
 * The run's tools: a toolset file or folder, or `count` synthesized tools of which none is named
 * like a function of any BFCL category in the installed `bfcl-eval` (BFCL is only ever a test set).
 */
export async function runToolset(toolset: RunConfig["toolset"], seed: number): Promise<Toolset> {
  if (typeof toolset === "string") return loadToolset(toolset);
  const { dataDir } = await findBfclPackage();
  const bfcl = await importBfcl({ dir: dataDir });
  const exclude = new Set(bfcl.records.flatMap((record) => record.tools.map((tool) => tool.function.name)));
  return synthesizeTools({ count: toolset.count, seed, exclude });
}
