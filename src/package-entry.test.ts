import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const json = (file: string) => JSON.parse(readFileSync(path.join(repo, file), "utf8"));

/** The source file the build (tsconfig.build.json: rootDir → outDir) compiles to `emitted`. */
function sourceOf(emitted: string): string {
  const { compilerOptions } = json("tsconfig.build.json");
  const relative = path.relative(path.join(repo, compilerOptions.outDir), path.join(repo, emitted));
  expect(relative.startsWith("..")).toBe(false);
  return path.join(repo, compilerOptions.rootDir, relative.replace(/\.d\.ts$|\.js$/, ".ts"));
}

describe("package.json's entry points", () => {
  const pkg = json("package.json");

  it("name files the build emits, for import and for types", () => {
    const root = pkg.exports["."];
    expect(path.normalize(root.default)).toBe(path.normalize(pkg.main));
    expect(path.normalize(root.types)).toBe(path.normalize(pkg.types));
    for (const emitted of [pkg.main, pkg.types]) expect(existsSync(sourceOf(emitted))).toBe(true);
    const excluded: string[] = json("tsconfig.build.json").exclude;
    expect(excluded.some((pattern) => pattern.includes("index.ts"))).toBe(false);
  });

  it('give the library: import { trainSft } from "ttpa"', async () => {
    const library = await import(sourceOf(pkg.main));
    for (const name of ["trainSft", "trainDpo", "openLanguageModel", "runPredict", "evaluate", "main"]) {
      expect(typeof library[name], name).toBe("function");
    }
  });
});
