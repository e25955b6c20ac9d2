import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
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

  /** Whether a stage whose key changed may keep its outputs: its items are still made the same way. */
  keepsItems(stage: string, itemKey: string | undefined): boolean {
    return itemKey !== undefined && this.manifest.stages[stage]?.itemKey === itemKey;
  }

  async start(stage: string, key: string, itemKey?: string): Promise<void> {
    this.manifest.stages[stage] = {
      status: "running",
      key,
      ...(itemKey === undefined ? {} : { itemKey }),
      startedAt: new Date().toISOString(),
    };
    await this.save();
  }

  async finish(stage: string, started: number, error?: unknown): Promise<void> {
    const record = this.manifest.stages[stage]!;
    record.status = error === undefined ? "done" : "failed";
    record.seconds = Math.round((Date.now() - started) / 100) / 10;
    if (error !== undefined) record.error = error instanceof Error ? error.message : String(error);
    await this.save();
  }

  save(): Promise<void> {
    return writeFileAtomic(this.file, `${JSON.stringify(this.manifest, null, 2)}\n`);
  }
}
