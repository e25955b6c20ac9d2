import path from "node:path";
import { writeFileAtomic } from "../json/index.js";
import { readRunFolder } from "./read-run-folder.js";
import { renderReport } from "./render-report.js";

export interface WriteReportOptions {
  /** A run folder of `ttpa run` / `ttpa demo`. */
  dir: string;
  /** Default `DIR/report.html`. */
  out?: string;
  /** Test targets shown per test set. Default 20. */
  examples?: number;
  /** Preference pairs shown per sampler. Default 5. */
  pairs?: number;
}

export interface WriteReportResult {
  out: string;
  bytes: number;
}

/** Reads a finished run folder and writes its self-contained HTML report. */
export async function writeReport(options: WriteReportOptions): Promise<WriteReportResult> {
  const folder = await readRunFolder(options.dir);
  const html = renderReport(folder, { examples: options.examples ?? 20, pairs: options.pairs ?? 5 });
  const out = options.out ?? path.join(options.dir, "report.html");
  await writeFileAtomic(out, html);
  return { out, bytes: Buffer.byteLength(html) };
}
