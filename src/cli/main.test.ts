import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findBfclPackage } from "../bfcl/index.js";
import { runCli as run } from "./test-support/run-cli.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bfclSample = path.resolve(repo, "../shared/data/bfcl-sample");

const temp = () => mkdtemp(path.join(tmpdir(), "ttpa-cli-"));

describe("ttpa --help", () => {
  it("lists every command with an example", async () => {
    const { code, stdout } = await run("--help");
    expect(code).toBe(0);
    for (const command of [
      "demo",
      "construct",
      "split",
      "import",
      "predict",
      "eval",
      "train",
      "serve",
      "tools",
    ]) {
      expect(stdout).toMatch(new RegExp(`\\$ ttpa ${command} ?`));
    }
  });

  it("exits 2 with a usage error on an unknown option", async () => {
    const { code, stderr } = await run("eval", "--data", "d.jsonl", "--predictions", "p.jsonl", "--bogus");
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option '--bogus'");
  });
});

const bfclInstalled = await findBfclPackage().then(
  () => true,
  () => false,
);

describe("ttpa import bfcl without a folder", () => {
  // The counts of the README's table, for bfcl-eval 2026.3.23 (requirements-bfcl.txt).
  it.skipIf(!bfclInstalled)(
    "imports every AST and relevance category of the installed bfcl-eval",
    async () => {
      const out = path.join(await temp(), "bfcl.jsonl");
      const { code, stdout, stderr } = await run("import", "bfcl", "--out", out);
      expect(code).toBe(0);
      for (const line of [
        "simple_python: 400 records, 400 reference calls",
        "multiple: 200 records, 200 reference calls",
        "parallel: 200 records, 540 reference calls",
        "parallel_multiple: 200 records, 607 reference calls",
        "irrelevance: 240 records, 0 reference calls",
        "live_simple: 258 records, 258 reference calls",
        "live_multiple: 1053 records, 1053 reference calls",
        "live_parallel: 16 records, 39 reference calls",
        "live_parallel_multiple: 24 records, 55 reference calls",
        "live_irrelevance: 884 records, 0 reference calls",
        "live_relevance: 16 records, 0 reference calls",
        "wrote 3491 records",
      ]) {
        expect(stdout).toContain(line);
      }
      expect(stderr).toMatch(/skipped multi_turn_base: multi-turn/);
      expect(stderr).not.toContain("left out");
    },
    60_000,
  );
});

describe("ttpa import bfcl + ttpa eval", () => {
  it("scores the ground truth itself at 100% in BFCL mode, per category", async () => {
    const dir = await temp();
    const data = path.join(dir, "bfcl.jsonl");
    const imported = await run("import", "bfcl", bfclSample, "--out", data);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain("wrote 304 records");
    const predictions = path.join(dir, "truth.jsonl");
    const lines = readFileSync(data, "utf8")
      .trim()
      .split("\n")
      .map((line) => {
        const record = JSON.parse(line);
        const assistant = record.messages.find((m: { role: string }) => m.role === "assistant");
        return JSON.stringify({ id: record.id, output: assistant ?? "I cannot help with that." });
      });
    writeFileSync(predictions, `${lines.join("\n")}\n`);
    const json = path.join(dir, "eval.json");
    const evaluated = await run("eval", "--data", data, "--predictions", predictions, "--json", json);
    expect(evaluated.code).toBe(0);
    const report = JSON.parse(readFileSync(json, "utf8"));
    expect(report.overall).toMatchObject({ count: 304, correct: 304, accuracy: 1 });
    expect(Object.keys(report.categories).sort()).toEqual([
      "irrelevance",
      "live_multiple",
      "live_parallel_multiple",
      "live_simple",
      "multiple",
      "parallel",
      "parallel_multiple",
      "simple_python",
    ]);
    expect(evaluated.stdout).toMatch(/overall\s*│\s*304\s*│\s*100\.0%/);
  });

  it("reports bad prediction lines by number, counts them, and scores the rest", async () => {
    const dir = await temp();
    const data = path.join(dir, "bfcl.jsonl");
    await run("import", "bfcl", bfclSample, "--out", data, "--categories", "simple_python");
    const predictions = path.join(dir, "pred.jsonl");
    writeFileSync(
      predictions,
      [
        JSON.stringify({ id: "simple_python_0", output: "[calculate_triangle_area(base=10, height=5)]" }),
        "{not json",
        JSON.stringify({ id: "nope_1", output: "[]" }),
        JSON.stringify({ id: "simple_python_1", output: "[math.factorial(number='5')]" }),
      ].join("\n"),
    );
    const json = path.join(dir, "eval.json");
    const { code, stdout } = await run("eval", "--data", data, "--predictions", predictions, "--json", json);
    expect(code).toBe(0);
    expect(stdout).toContain("line 2: not valid JSON");
    expect(stdout).toContain("line 3: id 'nope_1' is not in the dataset");
    const report = JSON.parse(readFileSync(json, "utf8"));
    expect(report).toMatchObject({ targets: 40, scored: 2, missing: 38 });
    expect(report.problems).toHaveLength(2);
    expect(report.overall.correct).toBe(1);
    expect(report.overall.errors.type_error.count).toBe(1);
    expect(report.items[1]).toMatchObject({
      id: "simple_python_1",
      correct: false,
      bfclError: "type_error:simple",
    });
  });

  it("stops with one line naming file and line on a malformed dataset", async () => {
    const dir = await temp();
    const data = path.join(dir, "bad.jsonl");
    writeFileSync(
      data,
      `${JSON.stringify({ id: "a", tools: [], messages: [] })}\n${JSON.stringify({ id: "b", tools: [] })}\n`,
    );
    const predictions = path.join(dir, "p.jsonl");
    writeFileSync(predictions, "");
    const { code, stderr } = await run("eval", "--data", data, "--predictions", predictions);
    expect(code).toBe(1);
    expect(stderr).toBe(`ttpa: ${data}:line 2: invalid record (must have required property 'messages')\n`);
  });
});

describe("ttpa construct: bad input fails in one line before any work", () => {
  it("names the tool and field of an invalid schema", async () => {
    const dir = await temp();
    const toolset = path.join(dir, "tools.json");
    writeFileSync(
      toolset,
      JSON.stringify([{ name: "f", parameters: { type: "object", properties: { a: { type: "strng" } } } }]),
    );
    const out = path.join(dir, "out.jsonl");
    const { code, stderr } = await run("construct", "--toolset", toolset, "--count", "5", "--out", out);
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("tool 'f', field 'function.parameters': invalid JSON Schema");
    expect(existsSync(out)).toBe(false);
  });

  it("says which variable is missing when there is no API key", async () => {
    const dir = await temp();
    const out = path.join(dir, "out.jsonl");
    delete process.env.TTPA_TEST_MISSING_KEY;
    const { code, stderr } = await run(
      "construct",
      "--generator",
      "llm",
      "--base-url",
      "http://127.0.0.1:9/v1",
      "--model",
      "m",
      "--api-key-env",
      "TTPA_TEST_MISSING_KEY",
      "--toolset",
      path.join(repo, "examples/toolsets"),
      "--count",
      "5",
      "--out",
      out,
    );
    expect(code).toBe(1);
    expect(stderr).toBe(
      "ttpa: the API key variable TTPA_TEST_MISSING_KEY is not set: export it, name another with --api-key-env, or pass --no-api-key\n",
    );
    expect(existsSync(out)).toBe(false);
  });

  it("says the endpoint cannot be reached", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const address = probe.address() as { port: number };
        probe.close(() => resolve(address.port));
      });
    });
    const dir = await temp();
    const out = path.join(dir, "out.jsonl");
    const { code, stderr } = await run(
      "construct",
      "--generator",
      "llm",
      "--base-url",
      `http://127.0.0.1:${port}/v1`,
      "--model",
      "m",
      "--no-api-key",
      "--toolset",
      path.join(repo, "examples/toolsets"),
      "--count",
      "5",
      "--out",
      out,
    );
    expect(code).toBe(1);
    expect(stderr).toBe(
      `ttpa: cannot reach http://127.0.0.1:${port}/v1/models (ECONNREFUSED): check --base-url and that the server is running\n`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it("builds 2000 conversations from the example toolsets in seconds", async () => {
    const dir = await temp();
    const out = path.join(dir, "data.jsonl");
    const started = Date.now();
    const { code, stdout } = await run(
      "construct",
      "--toolset",
      path.join(repo, "examples/toolsets"),
      "--count",
      "2000",
      "--out",
      out,
    );
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(stdout).toMatch(/^kept 19\d\d, rejected \d+/);
  });
});
