import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../json/write-file-atomic.js";
import type { RunConfig } from "./run-config.js";

export interface StageRecord {
  status: "running" | "done" | "failed";
  /** Hash of what the stage's result depends on: its config section and its inputs' keys. */
  key: string;
  /**
   * Hash of what each of the stage's outputs depends on, where outputs are made item by item (an
   * eval's predictions, one per target): while it holds, a new `key` (more targets) keeps them.
   */
  itemKey?: string;
  /**
   * sha256 of each output file when the stage finished (a trained model's GGUF, a sampler's pairs),
   * by path in the run folder: a stage made again because its outputs were deleted must make the
   * same bytes, or the stages after it, made from the old ones, are made again too.
   */
  digests?: Record<string, string>;
  startedAt: string;
  seconds?: number;
  error?: string;
}

/** `manifest.json` of a run folder: config, versions, seed, and each stage's status and timing. */
export interface RunManifest {
  config: RunConfig;
  versions: Record<string, string>;
  stages: Record<string, StageRecord>;
}

export function stageKey(...parts: unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 16);
}

/** The manifest of a run folder, kept on disk after every change so a killed run knows where it was. */
export class ManifestStore {
  readonly manifest: RunManifest;

  constructor(
    private readonly file: string,
    config: RunConfig,
    versions: Record<string, string>,
  ) {
    const previous = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as RunManifest) : undefined;
    this.manifest = { config, versions, stages: previous?.stages ?? {} };
  }

  /** Whether the stage finished before with the same key (so its outputs are current). */
  isDone(stage: string, key: string): boolean {
    const record = this.manifest.stages[stage];
    return record?.status === "done" && record.key === key;
  }

  /**
   * Records the itemKey of a stage done with the same key (so a run folder made before itemKeys
   * existed can keep its predictions when its targets grow); the same key implies the same itemKey.
   */
  async recordItemKey(stage: string, itemKey: string | undefined): Promise<void> {
    const record = this.manifest.stages[stage];
    if (itemKey === undefined || record === undefined || record.itemKey === itemKey) return;
    record.itemKey = itemKey;
    await this.save();
  }

  /** Records the digests of a stage done with the same key, where it has none (a folder made before digests). */
  async recordDigests(stage: string, digests: Record<string, string>): Promise<void> {
    const record = this.manifest.stages[stage];
    if (record === undefined || record.digests !== undefined || Object.keys(digests).length === 0) return;
    record.digests = digests;
    await this.save();
  }

  /**
   * Forgets every stage recorded after `stage` (in the manifest's order, the order they first ran)
   * and returns their names: they were made from outputs that are gone.
   */
  async forgetAfter(stage: string): Promise<string[]> {
    const names = Object.keys(this.manifest.stages);
    const later = names.slice(names.indexOf(stage) + 1);
    for (const name of later) delete this.manifest.stages[name];
    await this.save();
    return later;
  }

  /** Whether a stage whose key changed may keep its outputs: its items are still made the same way. */
  keepsItems(stage: string, itemKey: string | undefined): boolean {
    return itemKey !== undefined && this.manifest.stages[stage]?.itemKey === itemKey;
  }

  async start(stage: string, key: string, itemKey?: string): Promise<void> {
    const previous = this.manifest.stages[stage];
    // Kept while the same stage is made again, so that a remake killed half-way is still compared
    // with the bytes the later stages used.
    const digests = previous?.key === key ? previous.digests : undefined;
    this.manifest.stages[stage] = {
      status: "running",
      key,
      ...(itemKey === undefined ? {} : { itemKey }),
      ...(digests === undefined ? {} : { digests }),
      startedAt: new Date().toISOString(),
    };
    await this.save();
  }

  async finish(
    stage: string,
    started: number,
    error?: unknown,
    digests?: Record<string, string>,
  ): Promise<void> {
    const record = this.manifest.stages[stage]!;
    record.status = error === undefined ? "done" : "failed";
    if (digests !== undefined && Object.keys(digests).length > 0) record.digests = digests;
    record.seconds = Math.round((Date.now() - started) / 100) / 10;
    if (error !== undefined) record.error = error instanceof Error ? error.message : String(error);
    await this.save();
  }

  save(): Promise<void> {
    return writeFileAtomic(this.file, `${JSON.stringify(this.manifest, null, 2)}\n`);
  }
}

/** The outputs (paths relative to `dir`) that are missing. */
export function missingOutputs(dir: string, outputs: readonly string[]): string[] {
  return outputs.filter((output) => !existsSync(path.join(dir, output)));
}

/** sha256 of each output that is a file (folders are left out: a checkpoint's GGUF stands for it). */
export async function outputDigests(
  dir: string,
  outputs: readonly string[],
): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const output of outputs) {
    const file = path.join(dir, output);
    if (!existsSync(file) || !statSync(file).isFile()) continue;
    const hash = createHash("sha256");
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    digests[output] = hash.digest("hex");
  }
  return digests;
}

/** The outputs whose digest differs from the one recorded before (none recorded: none differ). */
export function changedDigests(
  before: Record<string, string> | undefined,
  after: Record<string, string>,
): string[] {
  if (before === undefined) return [];
  return Object.keys(after).filter((output) => output in before && before[output] !== after[output]);
}
