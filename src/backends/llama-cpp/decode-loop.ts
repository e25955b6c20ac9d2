import type { GeneratedToken, GenerateRequest, GenerateResult, TokenId } from "../language-model.js";
import { commonPrefix, RequestRun } from "./request-run.js";
import type { SequenceSlot } from "./sequence-slot.js";

/** A request waiting for a sequence, with what settles its promise. */
export interface QueuedRequest {
  readonly request: GenerateRequest;
  /** Prompt then forced tokens: what a sequence's cache is matched against. */
  readonly full: readonly TokenId[];
  readonly signal: AbortSignal;
  readonly resolve: (result: GenerateResult) => void;
  readonly reject: (error: unknown) => void;
}

export interface DecodeLoopOptions {
  readonly slots: readonly SequenceSlot[];
  readonly contextSize: number;
  readonly defaultStopTokens: readonly TokenId[];
  readonly tokenBytes: (token: TokenId) => Uint8Array;
  /** After each round, with the number of sequence steps (evaluation calls) it made. */
  readonly onStepped?: (calls: number) => void;
}

/** How many queued requests a free sequence compares its cache with when choosing its next one. */
const SCHEDULING_WINDOW = 64;

interface Active {
  readonly run: RequestRun;
  readonly queued: QueuedRequest;
}

/**
 * Continuous batching in lockstep rounds. Each round, free sequences take queued requests (each
 * the one sharing the longest prefix with its cache), then every running request's next tokens
 * are sent in the same tick and awaited together, so node-llama-cpp decodes them in one batch.
 * Letting each sequence run free was measured to fall out of step: node-llama-cpp's dispatcher
 * takes whichever sequences have re-queued once sampling ends, and with 4 sequences batches went
 * out with 3 for the whole generation.
 */
export class DecodeLoop {
  readonly counters = { reusedTokens: 0, generatedTokens: 0 };
  private readonly options: DecodeLoopOptions;
  private readonly queue: QueuedRequest[] = [];
  private readonly active = new Map<SequenceSlot, Active>();
  private running = false;
  private stopped = false;
  private stopReason: Error | undefined;
  /** Sequences being cleared after a failed step; awaited before the next round assigns them. */
  private readonly resets: Array<Promise<void>> = [];

  constructor(options: DecodeLoopOptions) {
    this.options = options;
  }

  /** Tokens llama.cpp decoded on all sequences, re-evaluations included (see SequenceSlot.evaluated). */
  get evaluatedTokens(): number {
    return this.options.slots.reduce((total, slot) => total + slot.evaluated, 0);
  }

  submit(items: readonly QueuedRequest[]): void {
    this.queue.push(...items);
    this.start();
  }

  /** Empties every sequence's cache. Only between calls: refused while requests are queued or running. */
  async clear(): Promise<void> {
    if (this.queue.length > 0 || this.active.size > 0) {
      throw new Error("clearCache() while requests are running; call it between generate calls");
    }
    await Promise.all(this.resets.splice(0));
    await Promise.all(this.options.slots.map((slot) => slot.reset()));
  }

  /** Drops a call's requests that have not started; running ones stop at their next step. */
  cancel(signal: AbortSignal): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const item = this.queue[i] as QueuedRequest;
      if (item.signal !== signal) continue;
      this.queue.splice(i, 1);
      item.reject(signal.reason);
    }
  }

  /** Rejects everything queued now and everything running after the current round. */
  stop(reason: Error): void {
    this.stopped = true;
    this.stopReason = reason;
    for (const item of this.queue.splice(0)) item.reject(reason);
    if (!this.running) this.rejectActive(reason);
  }

  private start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    void this.loop()
      .catch((error: unknown) => this.rejectActive(error))
      .finally(() => {
        this.running = false;
        if (this.stopped) this.rejectActive(this.stopReason);
        else if (this.queue.length > 0) this.start();
      });
  }

  private async loop(): Promise<void> {
    while (!this.stopped && (this.queue.length > 0 || this.active.size > 0)) {
      await Promise.all(this.resets.splice(0));
      await this.admit();
      const stepping: Array<{ entry: Active; input: readonly TokenId[] }> = [];
      for (const entry of [...this.active.values()]) {
        if (entry.queued.signal.aborted) {
          this.finish(entry, { error: entry.queued.signal.reason });
          continue;
        }
        const input = entry.run.nextInput();
        if (input === undefined) this.finish(entry, { result: entry.run.result() });
        else stepping.push({ entry, input });
      }
      if (stepping.length === 0) continue;
      // All steps start in this tick: they land in the same batch.
      const outcomes = await Promise.allSettled(
        stepping.map(({ entry, input }) => entry.run.slot.step(input, entry.run.stepOptions())),
      );
      this.options.onStepped?.(stepping.length);
      for (const [index, outcome] of outcomes.entries()) {
        const { entry } = stepping[index] as (typeof stepping)[number];
        if (outcome.status === "rejected") {
          this.finish(entry, { error: outcome.reason, reset: true });
          continue;
        }
        this.counters.generatedTokens += 1;
        entry.run.accept(outcome.value as GeneratedToken);
      }
    }
  }

  private rejectActive(reason: unknown): void {
    for (const { queued } of this.active.values()) queued.reject(reason);
    this.active.clear();
  }

  /** Gives each free sequence the queued request sharing the longest prefix with its cache. */
  private async admit(): Promise<void> {
    const started: Active[] = [];
    for (;;) {
      const free = this.options.slots.filter((slot) => !this.active.has(slot));
      if (free.length === 0 || this.queue.length === 0) break;
      let best = { slot: free[0] as SequenceSlot, index: 0, shared: -1 };
      const window = Math.min(this.queue.length, SCHEDULING_WINDOW);
      for (const slot of free) {
        for (let index = 0; index < window; index++) {
          const shared = commonPrefix(slot.tokens, (this.queue[index] as QueuedRequest).full);
          if (shared > best.shared) best = { slot, index, shared };
        }
      }
      const [queued] = this.queue.splice(best.index, 1) as [QueuedRequest];
      const run = new RequestRun({ ...this.options, request: queued.request, slot: best.slot });
      const entry = { run, queued };
      this.active.set(best.slot, entry);
      started.push(entry);
    }
    const prepared = await Promise.allSettled(started.map((entry) => entry.run.prepare()));
    prepared.forEach((outcome, index) => {
      const entry = started[index] as Active;
      if (outcome.status === "rejected") this.finish(entry, { error: outcome.reason, reset: true });
      else this.counters.reusedTokens += entry.run.reused;
    });
  }

  private finish(
    entry: Active,
    outcome: { result?: GenerateResult; error?: unknown; reset?: boolean },
  ): void {
    this.active.delete(entry.run.slot);
    if (outcome.result !== undefined) entry.queued.resolve(outcome.result);
    else entry.queued.reject(outcome.error);
    // A failed step may leave the cache half-written; start that sequence afresh.
    if (outcome.reset === true) this.resets.push(entry.run.slot.reset().catch(() => undefined));
  }
}
