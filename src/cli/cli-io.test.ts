import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { spawnTtpa } from "./test-support/spawn-ttpa.js";

describe("the CLI on the process streams", () => {
  it("ends quietly with status 141 when its reader has gone (ttpa --help | head)", async () => {
    const ttpa = spawnTtpa(["--help"], { cwd: tmpdir() });
    // The reader goes before the child has written anything: its first write fails with EPIPE.
    ttpa.child.stdout?.destroy();
    const { code } = await ttpa.exit;
    expect(ttpa.stderr()).toBe("");
    expect(code).toBe(141);
  });

  it("writes help in full to a reader that stays", async () => {
    const ttpa = spawnTtpa(["--help"], { cwd: tmpdir() });
    expect((await ttpa.exit).code).toBe(0);
    expect(ttpa.stdout()).toContain("$ ttpa predict");
  });
});
