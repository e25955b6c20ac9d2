import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli as ttpa } from "../cli/test-support/run-cli.js";
import { ESM_ERROR_TYPES } from "../esm/index.js";
import { formatAccuracy } from "../eval/index.js";
import { ChatRenderer, firstDifference } from "../pairs/index.js";
import { armSummary, type RunResults } from "../run/index.js";
import { makeTinyRun } from "../run/test-support/tiny-run.js";
import { pairViews } from "./pair-views.js";
import { readRunFolder } from "./read-run-folder.js";
import { launchChromium } from "./test-support/launch-chromium.js";

/** Model text that a page which did not escape it would run. */
const SCRIPT_VALUE = "<script>window.__injected = true</script>";
const IMG_VALUE = "<img src=x onerror=window.__injected=true>";

/** Edits the first line that `edit` changes (it returns false to pass a line over). */
function editJsonl(file: string, edit: (value: Record<string, unknown>) => boolean): void {
  const lines = readFileSync(file, "utf8").trimEnd().split("\n");
  const index = lines.findIndex((line, i) => {
    const value = JSON.parse(line);
    if (!edit(value)) return false;
    lines[i] = JSON.stringify(value);
    return true;
  });
  if (index === -1) throw new Error(`no line of ${file} to edit`);
  writeFileSync(file, `${lines.join("\n")}\n`);
}

describe("ttpa report (on a miniature run folder, in headless Chromium)", () => {
  let dir: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = await makeTinyRun();
    // An arm's output on the first seen-tools target, and the first string argument of the first
    // test record with a call (the constructed set also has turns whose answer is no call), carry markup.
    editJsonl(path.join(dir, "eval-sft", "seen.predictions.jsonl"), (line) => {
      line.output = `<tool_call>{"name": "get_weather", "arguments": {"city": "${SCRIPT_VALUE}"}}</tool_call>`;
      return true;
    });
    editJsonl(path.join(dir, "split", "test.jsonl"), (record) => {
      const messages = record.messages as Array<{ tool_calls?: Array<{ function: { arguments: string } }> }>;
      const call = messages.find((message) => message.tool_calls)?.tool_calls?.[0];
      const args = call && (JSON.parse(call.function.arguments) as Record<string, unknown>);
      const key = args && Object.keys(args).find((name) => typeof args[name] === "string");
      if (!call || !args || !key) return false;
      args[key] = IMG_VALUE;
      call.function.arguments = JSON.stringify(args);
      return true;
    });
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("writes a page that renders its table and charts, shows model markup as text, runs none of it and fetches nothing", async () => {
    const run = await ttpa("report", dir);
    expect(run.code).toBe(0);
    const file = path.join(dir, "report.html");
    expect(run.stdout).toContain(`wrote ${file}`);
    const html = readFileSync(file, "utf8");
    expect(html).not.toContain(SCRIPT_VALUE);
    expect(html).not.toContain(IMG_VALUE);

    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const requests: string[] = [];
    context.on("request", (request) => requests.push(request.url()));
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    const url = pathToFileURL(file).href;
    await page.goto(url, { waitUntil: "load" });
    await page.waitForFunction(() => document.documentElement.dataset.charts !== undefined, null, {
      timeout: 10_000,
    });

    const charts = await page.evaluate(() =>
      [...document.querySelectorAll("canvas")].map((canvas) => {
        const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if ((data[i] as number) > 0) painted++;
        // biome-ignore lint/suspicious/noExplicitAny: Chart.js's global, inlined by the page
        const chart = (window as any).Chart.getChart(canvas);
        return {
          id: canvas.id,
          painted: painted / (canvas.width * canvas.height),
          points: chart.data.datasets.map((dataset: { data: unknown[] }) => dataset.data.length),
        };
      }),
    );
    // One error chart per test set of the run, BFCL categories included.
    expect(charts.map((chart) => chart.id)).toEqual([
      "errors-seen",
      "errors-unseen",
      "errors-bfcl-simple_python",
      "errors-bfcl-irrelevance",
      "curve-sft-loss",
      "curve-dpo-loss",
      "curve-dpo-margin",
      "curve-dpo-accuracy",
    ]);
    for (const chart of charts) expect(chart.painted, chart.id).toBeGreaterThan(0.01);
    expect(charts[0]?.points).toEqual([
      ESM_ERROR_TYPES.length,
      ESM_ERROR_TYPES.length,
      ESM_ERROR_TYPES.length,
    ]);
    expect(charts[4]?.points[0]).toBe(10); // a step event per SFT step
    expect(charts[6]?.points.slice(0, 2)).toEqual([2, 2]); // the reward margin of both preference arms

    // Every card open, the model's markup is visible text, and none of it became an element or ran.
    await page.evaluate(() => {
      for (const details of document.querySelectorAll("details")) details.open = true;
    });
    // What a reader sees: innerText is the rendered text (script bodies and hidden elements left out).
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point here
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toContain(SCRIPT_VALUE);
    expect(text).toContain(IMG_VALUE);
    expect(await page.evaluate(() => "__injected" in window)).toBe(false);
    expect(await page.locator("script").count()).toBe(2); // Chart.js and the chart set-up
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator(".example .t.div").count()).toBeGreaterThan(0);

    const results = JSON.parse(readFileSync(path.join(dir, "results.json"), "utf8")) as RunResults;
    const cells = await page.$$eval("#metrics td[data-metric]", (tds) =>
      tds.map((td) => ({
        key: `${td.dataset.arm}/${td.dataset.set}/${td.dataset.metric}`,
        value: Number(td.dataset.value),
        text: td.textContent,
      })),
    );
    expect(results.testSets).toEqual(["seen", "unseen", "bfcl:simple_python", "bfcl:irrelevance"]);
    const expected = results.armOrder.flatMap((arm) =>
      results.testSets.flatMap((set) => {
        const summary = armSummary(results, arm, set);
        return [
          { key: `${arm}/${set}/count`, value: summary.count, text: String(summary.count) },
          { key: `${arm}/${set}/accuracy`, value: summary.accuracy, text: formatAccuracy(summary) },
          { key: `${arm}/${set}/meanScore`, value: summary.meanScore, text: summary.meanScore.toFixed(3) },
          ...ESM_ERROR_TYPES.map((type) => ({
            key: `${arm}/${set}/${type}`,
            value: summary.errors[type].count,
            text: String(summary.errors[type].count),
          })),
        ];
      }),
    );
    const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
    expect(cells.sort(byKey)).toEqual(expected.sort(byKey));

    // The paired table: three arms → three comparisons, each on held-out, BFCL AST and irrelevance;
    // its accuracies, re-scored target by target, are the summaries' pooled over the group's sets
    // (but on held-out, whose files this test edited after results.json was written).
    const comparisons = await page.$$eval("#comparisons tbody tr", (rows) =>
      rows.map((row) => ({
        key: `${row.dataset.a}-${row.dataset.b}/${row.dataset.group}`,
        a: row.dataset.a as "sft" | "baseline_dpo" | "ttpa",
        b: row.dataset.b as "sft" | "baseline_dpo" | "ttpa",
        group: row.dataset.group as "held-out" | "bfcl-ast" | "bfcl-relevance",
        values: Object.fromEntries(
          [...row.querySelectorAll("td[data-metric]")].map((td) => [
            (td as HTMLElement).dataset.metric,
            Number((td as HTMLElement).dataset.value),
          ]),
        ),
      })),
    );
    const groups = {
      "held-out": ["seen", "unseen"],
      "bfcl-ast": ["bfcl:simple_python"],
      "bfcl-relevance": ["bfcl:irrelevance"],
    } as const;
    const pooled = (arm: "sft" | "baseline_dpo" | "ttpa", sets: readonly string[]) => {
      const of = (pick: (summary: ReturnType<typeof armSummary>) => number) =>
        sets.reduce((sum, set) => sum + pick(armSummary(results, arm, set as "seen")), 0);
      return { correct: of((s) => s.correct), count: of((s) => s.count) };
    };
    const pairs = [
      ["baseline_dpo", "sft"],
      ["ttpa", "sft"],
      ["ttpa", "baseline_dpo"],
    ] as const;
    expect(comparisons.map((row) => row.key)).toEqual(
      pairs.flatMap(([a, b]) => Object.keys(groups).map((group) => `${a}-${b}/${group}`)),
    );
    for (const row of comparisons) {
      const { a, b } = row;
      const sets = groups[row.group];
      const [ofA, ofB] = [pooled(a, sets), pooled(b, sets)];
      const [count, accuracyA, accuracyB, difference, aOnly, bOnly] = [
        "count",
        "accuracyA",
        "accuracyB",
        "difference",
        "aOnly",
        "bOnly",
      ].map((metric) => row.values[metric] ?? Number.NaN) as [number, number, number, number, number, number];
      expect(count, row.key).toBe(ofA.count);
      expect(difference, row.key).toBeCloseTo((aOnly - bOnly) / count, 12);
      expect(difference, row.key).toBeCloseTo(accuracyA - accuracyB, 12);
      if (row.group === "held-out") continue;
      expect(accuracyA, row.key).toBeCloseTo(ofA.correct / ofA.count, 12);
      expect(accuracyB, row.key).toBeCloseTo(ofB.correct / ofB.count, 12);
    }

    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    await context.close();
  });

  it("marks in each pair the token where the run's tokenizer first sees chosen and rejected differ", async () => {
    const folder = await readRunFolder(dir);
    const renderer = new ChatRenderer({
      chatTemplate: folder.tokenizer.chatTemplate!,
      bosToken: folder.tokenizer.bosToken!,
      eosToken: folder.tokenizer.eosToken!,
    });
    const views = pairViews({
      pairs: folder.pairs.tps,
      sampler: "tps",
      renderer,
      tokenizer: folder.tokenizer,
      limit: 100,
    });
    expect(views.length).toBeGreaterThan(0);
    for (const view of views) {
      const ids = (line: typeof view.chosen) => line.pieces.flatMap((piece) => piece.ids);
      expect(firstDifference(ids(view.chosen), ids(view.rejected)), view.id).toBe(view.divergence);
    }
  });

  it("stops with one line naming the missing file when the folder is not a finished run", async () => {
    const empty = mkdtempSync(path.join(tmpdir(), "ttpa-report-empty-"));
    const notRun = await ttpa("report", empty);
    expect(notRun.code).toBe(1);
    expect(notRun.stderr).toBe(
      `ttpa: ${path.join(empty, "manifest.json")}: missing: not a run folder (make one with ttpa run CONFIG --dir DIR or ttpa demo)\n`,
    );

    copyFileSync(path.join(dir, "manifest.json"), path.join(empty, "manifest.json"));
    const unfinished = await ttpa("report", empty, "--out", path.join(empty, "r.html"));
    expect(unfinished.code).toBe(1);
    expect(unfinished.stderr).toMatch(/^ttpa: .*results\.json: missing: the run folder is incomplete .*\n$/);
    expect(unfinished.stderr.trimEnd().split("\n")).toHaveLength(1);
    rmSync(empty, { recursive: true, force: true });
  });
});
