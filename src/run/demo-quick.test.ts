import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spawnTtpa } from "../cli/test-support/spawn-ttpa.js";
import { armSummary, type RunResults } from "./run-results.js";

let root = "";
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** `ttpa demo ARGS` in a child process from the sources, as bin/ttpa.js runs it. */
async function ttpaDemo(args: string[]): Promise<{ code: number | null; output: string; seconds: number }> {
  const started = Date.now();
  const ttpa = spawnTtpa(["demo", ...args]);
  const { code } = await ttpa.exit;
  return { code, output: ttpa.stdout() + ttpa.stderr(), seconds: (Date.now() - started) / 1000 };
}

describe("ttpa demo --quick", () => {
  it("runs the whole method end to end and prints the per-arm table", async () => {
    root = await mkdtemp(path.join(tmpdir(), "ttpa-demo-quick-"));
    const { code, output, seconds } = await ttpaDemo(["--quick", "--dir", path.join(root, "demo")]);
    // The time is reported, not asserted: CI runs other test files beside this one.
    console.log(`ttpa demo --quick: ${seconds.toFixed(0)} s`);
    expect(code, output).toBe(0);
    const dir = path.join(root, "demo-quick");

    const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
    for (const stage of [
      "construct",
      "split",
      "sft",
      "sample-tps",
      "sample-baseline",
      "dpo-baseline",
      "dpo-ttpa",
    ])
      expect(manifest.stages[stage]?.status, stage).toBe("done");

    const results: RunResults = JSON.parse(readFileSync(path.join(dir, "results.json"), "utf8"));
    expect(results.pairs).toBeGreaterThan(0);
    // The quick demo compares the three trained arms on the constructed test sets only.
    expect(results.armOrder).toEqual(["sft", "baseline_dpo", "ttpa"]);
    expect(results.testSets).toEqual(["seen", "unseen"]);
    for (const arm of results.armOrder) {
      for (const set of results.testSets) {
        expect(armSummary(results, arm, set).count, `${arm} ${set}`).toBe(30);
        // The table shows each arm's numbers as results.json has them.
        const percent = `${(100 * armSummary(results, arm, set).accuracy).toFixed(1)}%`;
        expect(output).toMatch(
          new RegExp(`${arm}\\s*│\\s*${set}\\s*│\\s*30\\s*│\\s*${percent.replace(".", "\\.")}`),
        );
      }
    }
    // The paired comparison re-scores the predictions target by target: its accuracies are the summaries'.
    const heldOut = (arm: "sft" | "ttpa") => {
      const right = results.testSets.reduce((sum, set) => sum + armSummary(results, arm, set).correct, 0);
      return `${((100 * right) / 60).toFixed(1)}%`.replace(".", "\\.");
    };
    expect(output).toMatch(
      new RegExp(
        `ttpa − sft\\s*│\\s*held-out \\(seen \\+ unseen\\)\\s*│\\s*60\\s*│\\s*${heldOut("ttpa")}\\s*│\\s*${heldOut("sft")}\\s*│`,
      ),
    );
    // SFT learned the seen tools' calls: a structural error-free majority and some exact calls.
    expect(armSummary(results, "sft", "seen").accuracy).toBeGreaterThan(0.1);
    expect(armSummary(results, "sft", "seen").meanScore).toBeGreaterThan(0.7);
    // Long stages show how far they have got, ending at their totals.
    expect(output).toMatch(/sft \(steps\): (\d+)\/\1 \(loss \d/);
    expect(output).toMatch(/sample-tps \(turns\): (\d+)\/\1 \(pairs \d+, failed 0\)/);
    expect(output).toContain("eval-ttpa (unseen tools targets): 30/30 (failed 0)");
    expect(existsSync(path.join(dir, "report.html"))).toBe(true);
    expect(output).toContain(`report: ${path.join(dir, "report.html")}`);
  }, 900_000);
});
