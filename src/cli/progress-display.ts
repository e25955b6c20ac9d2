import { SingleBar } from "cli-progress";
import type { CliIo } from "./cli-io.js";

export interface ProgressDisplay {
  update(done: number, counts: Record<string, number | string>): void;
  stop(): void;
}

/**
 * Progress for long work: a bar with counts, rate and ETA on a terminal; on anything else (CI,
 * pipes, files) a plain line at most every few seconds, so logs stay readable.
 */
export function progressDisplay(options: {
  io: CliIo;
  label: string;
  total: number;
  /** Items already done when counting starts (a resumed run): shown, but left out of rate and ETA. Default 0. */
  skipped?: number;
  tty?: boolean;
}): ProgressDisplay {
  const { io, label, total, skipped = 0 } = options;
  const started = Date.now();
  const describe = (counts: Record<string, number | string>) =>
    Object.entries(counts)
      .map(([key, value]) => `${key} ${value}`)
      .join(", ");
  if (options.tty ?? process.stderr.isTTY) {
    const bar = new SingleBar({
      format: `${label} [{bar}] {value}/{total} | {counts} | {rate} | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
    });
    bar.start(total, skipped, { counts: "", rate: "" });
    return {
      update(done, counts) {
        const rate = (done - skipped) / Math.max(1e-3, (Date.now() - started) / 1000);
        bar.update(done, { counts: describe(counts), rate: formatRate(rate) });
      },
      stop: () => bar.stop(),
    };
  }
  let lastPrinted = 0;
  let last = { done: skipped, counts: {} as Record<string, number | string> };
  const print = () => {
    const seconds = (Date.now() - started) / 1000;
    const rate = (last.done - skipped) / Math.max(1e-3, seconds);
    const eta = rate > 0 ? Math.round((total - last.done) / rate) : 0;
    const counts = describe(last.counts);
    // Before this run has done anything there is no rate to show.
    const pace = last.done > skipped ? `, ${formatRate(rate)}, ETA ${eta}s` : "";
    io.stderr(`${label}: ${last.done}/${total}${counts ? ` (${counts})` : ""}${pace}\n`);
  };
  return {
    update(done, counts) {
      last = { done, counts };
      if (Date.now() - lastPrinted >= 5000) {
        lastPrinted = Date.now();
        print();
      }
    },
    stop: () => {
      if (last.done > skipped) print();
    },
  };
}

/** Items per second, or seconds per item when items take longer than a second (training steps on a CPU). */
function formatRate(perSecond: number): string {
  if (perSecond >= 1 || perSecond === 0) return `${perSecond.toFixed(1)}/s`;
  return `${(1 / perSecond).toFixed(1)} s each`;
}
