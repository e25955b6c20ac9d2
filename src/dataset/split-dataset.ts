import { SeededRandom } from "../random/seeded-random.js";
import type { DatasetRecord } from "./dataset-record.js";

export interface SplitOptions {
  records: readonly DatasetRecord[];
  /** Share of the (seen-tool) records that go to test. Default 0.2. */
  testShare?: number;
  /** Default 1. */
  seed?: number;
  /**
   * Tools held out of train entirely, to test generalisation to unseen tools: a number (that many
   * tools drawn at random among those called) or the names. Default: none.
   */
  holdOutTools?: number | readonly string[];
}

export interface Split {
  train: DatasetRecord[];
  /** Records whose calls use only tools that train also calls. */
  test: DatasetRecord[];
  /** Records that call a held-out tool; empty without `holdOutTools`. */
  testUnseen: DatasetRecord[];
  heldOutTools: string[];
}

/**
 * Splits a dataset. With held-out tools, every record calling one goes to `testUnseen`, and the
 * held-out tools are also removed from the candidate lists of the records that only offer them, so
 * train never shows their schemas.
 */
export function splitDataset(options: SplitOptions): Split {
  const random = new SeededRandom(options.seed ?? 1);
  const testShare = options.testShare ?? 0.2;
  const called = (record: DatasetRecord) =>
    new Set(
      record.messages.flatMap((m) =>
        m.role === "assistant" ? (m.tool_calls ?? []).map((c) => c.function.name) : [],
      ),
    );
  let heldOut: string[] = [];
  if (typeof options.holdOutTools === "number") {
    const all = [...new Set(options.records.flatMap((record) => [...called(record)]))].sort();
    heldOut = random.sample(all, Math.min(options.holdOutTools, all.length)).sort();
  } else if (options.holdOutTools) {
    heldOut = [...options.holdOutTools];
  }
  const held = new Set(heldOut);
  const seen: DatasetRecord[] = [];
  const testUnseen: DatasetRecord[] = [];
  for (const record of options.records) {
    if ([...called(record)].some((name) => held.has(name))) testUnseen.push(record);
    else if (held.size === 0) seen.push(record);
    else seen.push({ ...record, tools: record.tools.filter((tool) => !held.has(tool.function.name)) });
  }
  const order = random.shuffle(seen.map((_, i) => i));
  const testCount = Math.round(seen.length * testShare);
  const testIndices = new Set(order.slice(0, testCount));
  return {
    train: seen.filter((_, i) => !testIndices.has(i)),
    test: seen.filter((_, i) => testIndices.has(i)),
    testUnseen,
    heldOutTools: heldOut,
  };
}
