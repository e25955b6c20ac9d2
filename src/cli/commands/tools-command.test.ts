import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli as run } from "../test-support/run-cli.js";

const temp = () => mkdtemp(path.join(tmpdir(), "ttpa-tools-cli-"));

describe("ttpa tools synth", () => {
  it("writes COUNT tools that ttpa tools check accepts, the same for the same seed", async () => {
    const dir = await temp();
    const a = path.join(dir, "a.json");
    const b = path.join(dir, "b.json");
    expect(await run("tools", "synth", "--count", "120", "--seed", "5", "--out", a)).toMatchObject({
      code: 0,
      stdout: `120 tools → ${a}\n`,
    });
    await run("tools", "synth", "--count", "120", "--seed", "5", "--out", b);
    expect(readFileSync(b, "utf8")).toBe(readFileSync(a, "utf8"));
    const check = await run("tools", "check", a);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain("120 tools OK");
  });

  it("--exclude keeps a benchmark's function names out, read from BFCL docs or an imported dataset", async () => {
    const dir = await temp();
    const bfcl = path.join(dir, "bfcl.json");
    const docs = [
      { name: "search_products", parameters: { type: "dict", properties: { q: { type: "string" } } } },
    ];
    writeFileSync(bfcl, JSON.stringify(docs));
    const dataset = path.join(dir, "bfcl.jsonl");
    const tool = {
      type: "function",
      function: { name: "book_flight", parameters: { type: "object", properties: {} } },
    };
    writeFileSync(
      dataset,
      `${JSON.stringify({ id: "x", tools: [tool], messages: [{ role: "user", content: "hi" }], meta: {} })}\n`,
    );
    const names = async (...extra: string[]) => {
      const out = path.join(dir, `out${extra.length}.json`);
      expect((await run("tools", "synth", "--count", "2000", "--out", out, ...extra)).code).toBe(0);
      return (JSON.parse(readFileSync(out, "utf8")) as Array<{ function: { name: string } }>).map((entry) =>
        entry.function.name.split(".").pop(),
      );
    };
    expect(await names()).toEqual(expect.arrayContaining(["search_products", "book_flight"]));
    const fromDocs = await names("--exclude", bfcl);
    expect(fromDocs).not.toContain("search_products");
    const fromDataset = await names("--exclude", dataset, "--seed", "1");
    expect(fromDataset).not.toContain("book_flight");
  });
});

describe("ttpa construct with turn kinds", () => {
  it("prints the share of each turn kind, and rejects an unsatisfiable schema naming its keyword", async () => {
    const dir = await temp();
    const toolset = path.join(dir, "tools.json");
    await run("tools", "synth", "--count", "60", "--out", toolset);
    const out = path.join(dir, "data.jsonl");
    const built = await run(
      "construct",
      "--toolset",
      toolset,
      "--count",
      "200",
      "--out",
      out,
      "--kinds",
      "irrelevance=0.5",
    );
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(/turn kinds \(\d+ turns\): single [\d.]+%, .*irrelevance [\d.]+%/);
    const bad = path.join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify([
        {
          name: "f",
          parameters: {
            type: "object",
            properties: { code: { type: "string", minLength: 5, maxLength: 2 } },
          },
        },
      ]),
    );
    const badOut = path.join(dir, "bad.jsonl");
    const rejected = await run("construct", "--toolset", bad, "--count", "5", "--out", badOut);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toBe(
      "ttpa: tool 'f', field 'function.parameters.properties.code.maxLength': no value satisfies 'maxLength': maxLength 2 is below minLength 5; fix or remove the keyword\n",
    );
    expect(existsSync(badOut)).toBe(false);
    const unknown = await run(
      "construct",
      "--toolset",
      toolset,
      "--count",
      "5",
      "--out",
      badOut,
      "--kinds",
      "multi=1",
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown turn kind 'multi'");
  });
});
