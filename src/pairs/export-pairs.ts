import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { InputError } from "../errors/input-error.js";
import { isJsonObject } from "../json/json-value.js";
import { readJsonFile } from "../json/read-json-file.js";
import { writeFileAtomic } from "../json/write-file-atomic.js";
import { ChatRenderer } from "./chat-renderer.js";
import { llamaFactoryDatasetInfo, toLlamaFactoryRow } from "./export-llamafactory.js";
import { toOpenRlhfRow } from "./export-openrlhf.js";
import { toTrlRow } from "./export-trl.js";
import type { PreferencePair } from "./preference-pair.js";

export const PAIR_EXPORT_FORMATS = ["trl", "llamafactory", "openrlhf"] as const;
export type PairExportFormat = (typeof PAIR_EXPORT_FORMATS)[number];

export interface ExportPairsOptions {
  pairs: readonly PreferencePair[];
  format: PairExportFormat;
  /** Folder that receives the files (created if missing). */
  outDir: string;
  /** File stem, and LLaMA-Factory's dataset name. Default "ttpa_pairs". */
  name?: string;
  /** openrlhf: the template prompts and completions are rendered with. Default ttpa's tool template. */
  renderer?: ChatRenderer;
  /** trl: write `tools` as a JSON string. Default false. */
  toolsAsJsonString?: boolean;
  /** openrlhf: margin = scale × score gap. Default 1. */
  marginScale?: number;
}

export interface ExportPairsResult {
  files: string[];
  written: number;
  /** Pairs the format cannot hold, with the reason. */
  skipped: Array<{ id: string; reason: string }>;
}

/**
 * Writes pairs in the layout a training framework reads:
 * - trl: NAME.jsonl, one conversational preference row per line (prompt/chosen/rejected/tools);
 * - llamafactory: NAME.json (a JSON array in the ShareGPT ranking layout) and its entry in
 *   dataset_info.json, added to the file when one is already there;
 * - openrlhf: NAME.jsonl with pre-rendered prompt/chosen/rejected text and a margin.
 * Every file is written through a temp file and a rename.
 */
export async function exportPairs(options: ExportPairsOptions): Promise<ExportPairsResult> {
  const name = options.name ?? "ttpa_pairs";
  await mkdir(options.outDir, { recursive: true });
  const skipped: ExportPairsResult["skipped"] = [];
  const jsonl = (rows: readonly unknown[]) => rows.map((row) => `${JSON.stringify(row)}\n`).join("");

  if (options.format === "trl") {
    const file = path.join(options.outDir, `${name}.jsonl`);
    const rows = options.pairs.map((pair) =>
      toTrlRow(pair, { toolsAsJsonString: options.toolsAsJsonString ?? false }),
    );
    await writeFileAtomic(file, jsonl(rows));
    return { files: [file], written: rows.length, skipped };
  }
  if (options.format === "openrlhf") {
    const file = path.join(options.outDir, `${name}.jsonl`);
    const renderer = options.renderer ?? new ChatRenderer();
    const rows = options.pairs.map((pair) =>
      toOpenRlhfRow(pair, {
        renderer,
        ...(options.marginScale === undefined ? {} : { marginScale: options.marginScale }),
      }),
    );
    await writeFileAtomic(file, jsonl(rows));
    return { files: [file], written: rows.length, skipped };
  }

  const rows = [];
  for (const pair of options.pairs) {
    const row = toLlamaFactoryRow(pair);
    if (row) rows.push(row);
    else skipped.push({ id: pair.id, reason: "turns do not alternate as ShareGPT requires" });
  }
  const fileName = `${name}.json`;
  const file = path.join(options.outDir, fileName);
  await writeFileAtomic(file, `${JSON.stringify(rows, null, 1)}\n`);
  const infoFile = path.join(options.outDir, "dataset_info.json");
  const info = existsSync(infoFile) ? await readJsonFile(infoFile) : {};
  if (!isJsonObject(info))
    throw new InputError("dataset_info.json must hold a JSON object", { file: infoFile });
  const merged = { ...info, [name]: llamaFactoryDatasetInfo(fileName) };
  await writeFileAtomic(infoFile, `${JSON.stringify(merged, null, 2)}\n`);
  return { files: [file, infoFile], written: rows.length, skipped };
}
