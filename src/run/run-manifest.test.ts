import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO_CONFIG } from "./run-config.js";
import { changedDigests, ManifestStore, missingOutputs, outputDigests } from "./run-manifest.js";

describe("ManifestStore", () => {
  it("keeps a stage's digests while it is made again with the same key, and drops them for a new key", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ttpa-manifest-"));
    const file = path.join(dir, "manifest.json");
    const store = new ManifestStore(file, DEMO_CONFIG, {});
    await store.start("sft", "k1");
    await store.finish("sft", Date.now(), undefined, { "sft/model.gguf": "aa" });
    await store.start("sample-tps", "k2");

    // Remade (its outputs were deleted) and killed half-way: a rerun still knows the old bytes.
    await store.start("sft", "k1");
    const reopened = new ManifestStore(file, DEMO_CONFIG, {});
    expect(reopened.manifest.stages.sft).toMatchObject({
      status: "running",
      digests: { "sft/model.gguf": "aa" },
    });

    await reopened.start("sft", "k9");
    expect(reopened.manifest.stages.sft?.digests).toBeUndefined();
    expect(await reopened.forgetAfter("sft")).toEqual(["sample-tps"]);
    expect(Object.keys(reopened.manifest.stages)).toEqual(["sft"]);
  });

  it("hashes the output files that exist, names the missing ones, and compares digests recorded before", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ttpa-manifest-"));
    await writeFile(path.join(dir, "a.txt"), "abc");
    expect(missingOutputs(dir, ["a.txt", "b.txt"])).toEqual(["b.txt"]);
    const digests = await outputDigests(dir, ["a.txt", "b.txt", "."]);
    // sha256("abc"); folders and missing files get none.
    expect(digests).toEqual({ "a.txt": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" });
    expect(changedDigests(undefined, digests)).toEqual([]);
    expect(changedDigests({ "a.txt": "00" }, digests)).toEqual(["a.txt"]);
    expect(changedDigests({ "other.txt": "00" }, digests)).toEqual([]);
  });
});
