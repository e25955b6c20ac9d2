import { createHash } from "node:crypto";
import path from "node:path";
import { renderToStaticMarkup } from "preact-render-to-string";
import { ChatRenderer } from "../pairs/index.js";
import { chartJsBundle } from "./chart-bundle.js";
import { CHART_INIT_SCRIPT } from "./chart-init-script.js";
import { exampleViews } from "./example-views.js";
import { pairViews } from "./pair-views.js";
import { preferenceLosses } from "./preference-losses.js";
import type { RunFolder } from "./read-run-folder.js";
import { ReportPage } from "./report-page.js";
import { trainingCharts } from "./training-charts.js";

export interface RenderReportOptions {
  /** Test targets shown per test set. */
  examples: number;
  /** Pairs shown per sampler. */
  pairs: number;
}

/**
 * The report of a run folder as one HTML page: everything inlined (styles, Chart.js, the chart
 * data), nothing fetched. Model text is escaped by the renderer; a Content-Security-Policy lets
 * only the page's own two scripts run (by hash) and forbids every fetch.
 */
export function renderReport(folder: RunFolder, options: RenderReportOptions): string {
  const { tokenizer } = folder;
  const renderer = new ChatRenderer({
    ...(tokenizer.chatTemplate ? { chatTemplate: tokenizer.chatTemplate } : {}),
    ...(tokenizer.bosToken ? { bosToken: tokenizer.bosToken } : {}),
    ...(tokenizer.eosToken ? { eosToken: tokenizer.eosToken } : {}),
  });
  const pairs = (sampler: "tps" | "baseline") =>
    pairViews({ pairs: folder.pairs[sampler], sampler, renderer, tokenizer, limit: options.pairs });
  const scripts = [chartJsBundle(), CHART_INIT_SCRIPT];
  const hashes = scripts.map((code) => `'sha256-${createHash("sha256").update(code).digest("base64")}'`);
  const csp = [
    "default-src 'none'",
    `script-src ${hashes.join(" ")}`,
    "style-src 'unsafe-inline'",
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const losses = preferenceLosses(folder.manifest);
  const page = (
    <ReportPage
      runName={path.basename(path.resolve(folder.dir))}
      manifest={folder.manifest}
      results={folder.results}
      comparisons={folder.comparisons}
      trainingCharts={trainingCharts(folder.metrics, losses)}
      losses={losses}
      examples={exampleViews({ folder, renderer, perSet: options.examples })}
      pairs={{
        tps: pairs("tps"),
        baseline: pairs("baseline"),
        total: { tps: folder.pairs.tps.length, baseline: folder.pairs.baseline.length },
      }}
      scripts={scripts}
      csp={csp}
    />
  );
  return `<!doctype html>\n${renderToStaticMarkup(page)}\n`;
}
