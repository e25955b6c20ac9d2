import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { probePythons } from "./probe-pythons.js";

const venvPython = fileURLToPath(new URL("../../.venv/bin/python", import.meta.url));

describe("probePythons", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("uses TTPA_PYTHON alone when it is set, and reports it as the one tried", async () => {
    vi.stubEnv("TTPA_PYTHON", "/nonexistent/python");
    expect(await probePythons("print('ok')")).toEqual({ tried: ["/nonexistent/python"] });
  });

  it("tries the project's .venv, then python3, and returns the first that runs the code", async () => {
    vi.stubEnv("TTPA_PYTHON", "");
    const probe = await probePythons("import sys; print(sys.prefix)");
    expect(probe.tried).toEqual([venvPython, "python3"]); // scripts/setup.sh made .venv before the tests
    expect(probe.found?.python).toBe(venvPython);
    expect(probe.found?.stdout.trim()).toMatch(/\.venv$/);
  });

  it("finds none when the code fails everywhere", async () => {
    vi.stubEnv("TTPA_PYTHON", "");
    const probe = await probePythons("raise SystemExit(3)");
    expect(probe).toEqual({ tried: [venvPython, "python3"] });
  });
});
