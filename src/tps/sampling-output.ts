import { renameSync, writeFileSync } from "node:fs";
import { isJsonObject } from "../json/json-value.js";
import { JsonlAppender } from "../json/jsonl-appender.js";
import type { PreferencePair } from "../pairs/preference-pair.js";

/** One line of the progress file: a finished turn and what it gave. */
export interface ProgressRecord {
  id: string;
  pairs: number;
  candidates: number;
  best_score: number;
  greedy_score?: number;
  chosen: string;
}

/** The progress file beside a pair file: `pairs.jsonl` → `pairs.progress.jsonl`. */
export function progressFile(out: string): string {
  return out.replace(/(\.jsonl)?$/, ".progress.jsonl");
}

/**
 * A pair file and its progress file, append-only. A turn is done once its progress line is
 * written, after all its pairs; pairs of a turn without a progress line (a run killed between the
 * two) are dropped when the files are opened again, so the turn is sampled again without duplicates.
 */
export class SamplingOutput {
  readonly done: ReadonlySet<string>;
  private readonly pairs: JsonlAppender;
  private readonly progress: JsonlAppender;

  private constructor(pairs: JsonlAppender, progress: JsonlAppender, done: ReadonlySet<string>) {
    this.pairs = pairs;
    this.progress = progress;
    this.done = done;
  }

  static open(out: string): SamplingOutput {
    const { appender: progress, existing: finished } = JsonlAppender.open(progressFile(out));
    const done = new Set<string>();
    for (const record of finished)
      if (isJsonObject(record) && typeof record.id === "string") done.add(record.id);
    let opened = JsonlAppender.open(out);
    const belongs = (pair: unknown) =>
      isJsonObject(pair) && isJsonObject(pair.meta) && done.has(pair.meta.target_id as string);
    if (!opened.existing.every(belongs)) {
      opened.appender.close();
      // Temp file and rename: a crash here must not lose the pairs of turns already marked done.
      const temporary = `${out}.${process.pid}.tmp`;
      writeFileSync(
        temporary,
        opened.existing
          .filter(belongs)
          .map((pair) => `${JSON.stringify(pair)}\n`)
          .join(""),
      );
      renameSync(temporary, out);
      opened = JsonlAppender.open(out);
    }
    return new SamplingOutput(opened.appender, progress, done);
  }

  commit(pairs: readonly PreferencePair[], record: ProgressRecord): void {
    for (const pair of pairs) this.pairs.append(pair);
    this.progress.append(record);
  }

  close(): void {
    this.pairs.close();
    this.progress.close();
  }
}
