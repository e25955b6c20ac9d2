import { afterEach, describe, expect, it, vi } from "vitest";
import { probePythons } from "./probe-pythons.js";

describe("probePythons", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("tries TTPA_PYTHON first, then python3 and /usr/bin/python3, and returns the first that runs the code", async () => {
    vi.stubEnv("TTPA_PYTHON", "/nonexistent/python");
    const probe = await probePythons("print('ok')");
    expect(probe.tried).toEqual(["/nonexistent/python", "python3", "/usr/bin/python3"]);
    expect(probe.found?.python).not.toBe("/nonexistent/python");
    expect(probe.found?.stdout.trim()).toBe("ok");
  });

  it("finds none when the code fails everywhere", async () => {
    vi.stubEnv("TTPA_PYTHON", "");
    const probe = await probePythons("raise SystemExit(3)");
    expect(probe).toEqual({ tried: ["python3", "/usr/bin/python3"] });
  });
});
