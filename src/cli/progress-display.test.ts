import { afterEach, describe, expect, it, vi } from "vitest";
import type { CliIo } from "./cli-io.js";
import { progressDisplay } from "./progress-display.js";

function plainLines(): { io: CliIo; lines: string[] } {
  const lines: string[] = [];
  return { io: { stdout: () => {}, stderr: (text: string) => lines.push(text) }, lines };
}

describe("progressDisplay without a terminal", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("prints counts, rate and ETA, and seconds per item when items are slow", () => {
    vi.useFakeTimers({ now: 0 });
    const fast = plainLines();
    const a = progressDisplay({ io: fast.io, label: "predict", total: 100, tty: false });
    vi.setSystemTime(10_000);
    a.update(50, { ok: 50 });
    expect(fast.lines).toEqual(["predict: 50/100 (ok 50), 5.0/s, ETA 10s\n"]);

    vi.setSystemTime(0);
    const slow = plainLines();
    const b = progressDisplay({ io: slow.io, label: "sft", total: 8, tty: false });
    vi.setSystemTime(50_000);
    b.update(2, { loss: 1.2 });
    expect(slow.lines).toEqual(["sft: 2/8 (loss 1.2), 25.0 s each, ETA 150s\n"]);
  });

  it("leaves items done before a resume out of the rate and ETA", () => {
    vi.useFakeTimers({ now: 100_000 });
    const plain = plainLines();
    const display = progressDisplay({ io: plain.io, label: "eval", total: 1000, skipped: 900, tty: false });
    display.update(900, {});
    vi.setSystemTime(110_000);
    display.update(920, {});
    expect(plain.lines).toEqual(["eval: 900/1000\n", "eval: 920/1000, 2.0/s, ETA 40s\n"]);
  });
});
