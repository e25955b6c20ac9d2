import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

let bundle: string | undefined;

/** Chart.js's browser bundle (UMD, minified) from the installed `chart.js` package, to inline in the page. */
export function chartJsBundle(): string {
  if (bundle === undefined) {
    // The package's exports map does not list dist/chart.umd.min.js; it sits beside the CommonJS entry.
    const entry = createRequire(import.meta.url).resolve("chart.js");
    bundle = readFileSync(path.join(path.dirname(entry), "chart.umd.min.js"), "utf8");
  }
  return bundle;
}
