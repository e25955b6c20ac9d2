import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPythonModule } from "../../gguf/test-support/index.js";
import { findPython } from "../../training/find-python.js";
import { runCli as run } from "../test-support/run-cli.js";

const hasTransformers = await findPython()
  .then(({ python }) => spawnSync(python, ["-c", "import transformers, gguf"]).status === 0)
  .catch(() => false);

// `ttpa export gguf` and `ttpa import gguf` on a tiny Qwen 3 (the converter itself: src/gguf/convert-parity.test.ts)
describe.skipIf(!hasTransformers)("ttpa import gguf / export gguf", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "ttpa-import-cli-"));
    await runPythonModule("trainer.tests.convert_fixtures", ["qwen3", path.join(root, "hf")]);
  }, 120_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("exports a Qwen 3 checkpoint as Q8_0 through the trainer and imports it back", async () => {
    const gguf = path.join(root, "q8.gguf");
    const exported = await run("export", "gguf", path.join(root, "hf"), "--out", gguf, "--dtype", "q8_0");
    expect(exported.stdout, exported.stderr).toMatch(
      /^wrote .*q8\.gguf \(.* MiB, 24 tensors, vocabulary 424, tokenizer gpt2 qwen2\)\n$/,
    );
    const imported = await run("import", "gguf", gguf, "--out", path.join(root, "back"));
    expect(imported.stdout, imported.stderr).toBe(
      `wrote ${path.join(root, "back")} (qwen3, 24 tensors from F32, Q8_0, chat template)\n`,
    );
  });

  it("refuses a file that is not GGUF with one line naming it", async () => {
    const { code, stderr } = await run("import", "gguf", path.join(root, "hf", "config.json"), "--out", root);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^ttpa: trainer: .*config\.json does not start with the GGUF magic bytes.*\n$/);
  });
});
