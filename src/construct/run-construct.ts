import { createHash } from "node:crypto";
import type { DatasetRecord } from "../dataset/dataset-record.js";
import { isJsonObject, type JsonObject } from "../json/json-value.js";
import { JsonlAppender } from "../json/jsonl-appender.js";
import { SeededRandom } from "../random/seeded-random.js";
import { ArgumentValidator } from "../tools/argument-validator.js";
import { findUnsatisfiable } from "../tools/find-unsatisfiable.js";
import type { Toolset } from "../tools/tool-definition.js";
import { ToolsetError } from "../tools/toolset-error.js";
import { buildConversation, type ToolImplementations } from "./build-conversation.js";
import { ConstructionRejected } from "./construction-rejected.js";
import type { ConversationGenerator } from "./conversation-generator.js";
import { type DateRule, normalise, verifyConversation } from "./verify-conversation.js";

export interface ConstructProgress {
  total: number;
  kept: number;
  rejected: number;
  failed: number;
}

export interface ConstructOptions {
  generator: ConversationGenerator;
  tools: Toolset;
  /** Dataset JSONL, appended to; records already there are kept and skipped. */
  out: string;
  /** Rejected conversations with their reasons. Default: `out` with `.rejects.jsonl`. */
  rejects?: string;
  /** Conversations in the whole run (all shards). */
  count: number;
  /** Default 1. With the index, it fixes every random choice of a conversation. */
  seed?: number;
  /** This process builds only indices `i` with `i % count === index`. Default: all. */
  shard?: { index: number; count: number };
  /** At most this many conversations are attempted in this invocation. Default: no limit. */
  limit?: number;
  /** Conversations built at once. Default 4. */
  concurrency?: number;
  /** Tools offered per conversation: a window of consecutive tools of the toolset. Default 6. */
  window?: number;
  /** User turns per conversation, drawn from [min, max]. Default [1, 2]. */
  turns?: [number, number];
  /** Calls per user turn, drawn from [min, max]. Default [1, 3]. */
  callBudget?: [number, number];
  /** Retries of a stage after an invalid answer. Default 2. */
  stageRetries?: number;
  /** Default `"natural"`. */
  dateRule?: DateRule;
  toolImplementations?: ToolImplementations;
  onProgress?: (progress: ConstructProgress) => void;
}

export interface ConstructSummary extends ConstructProgress {
  /** Indices skipped because an earlier invocation finished them. */
  resumed: number;
  /** Rejection counts by reason kind (stage). */
  reasons: Record<string, number>;
  /** Turns of the conversations kept in this invocation, by kind (`meta.turn_kinds`). */
  turnKinds: Record<string, number>;
  /** The first failures (errors that are not rejections, e.g. an API still failing after retries); rerun to retry them. */
  failures: Array<{ id: string; reason: string }>;
  elapsedMs: number;
}

/** The id of conversation `index`: stable, so reruns and shards agree on it. */
export function conversationId(index: number): string {
  return `conv-${String(index).padStart(6, "0")}`;
}

/**
 * Builds conversations by reversed construction, verifies them and appends kept ones to `out`,
 * rejected ones to `rejects`. Records are committed in index order, whatever the concurrency, so an
 * interrupted run that is rerun ends with exactly the records of an uninterrupted one.
 */
export async function runConstruct(options: ConstructOptions): Promise<ConstructSummary> {
  const started = Date.now();
  const seed = options.seed ?? 1;
  assertSatisfiable(options.tools);
  const validator = new ArgumentValidator(options.tools);
  const { appender: out, existing } = JsonlAppender.open(options.out);
  const rejectsFile = options.rejects ?? options.out.replace(/(\.jsonl)?$/, ".rejects.jsonl");
  const { appender: rejects, existing: rejectedBefore } = JsonlAppender.open(rejectsFile);

  const done = new Set<string>();
  const queryHashes = new Set<string>();
  for (const record of existing) {
    if (!isJsonObject(record) || typeof record.id !== "string") continue;
    done.add(record.id);
    queryHashes.add(queryHash(record as unknown as DatasetRecord));
  }
  for (const record of rejectedBefore)
    if (isJsonObject(record) && typeof record.id === "string") done.add(record.id);

  const shard = options.shard ?? { index: 0, count: 1 };
  const pending: number[] = [];
  let resumed = 0;
  for (let index = shard.index; index < options.count; index += shard.count) {
    if (done.has(conversationId(index))) resumed++;
    else pending.push(index);
  }
  const todo = pending.slice(0, options.limit ?? pending.length);
  const progress: ConstructProgress = { total: todo.length, kept: 0, rejected: 0, failed: 0 };
  const reasons: Record<string, number> = {};
  const turnKinds: Record<string, number> = {};
  const failures: ConstructSummary["failures"] = [];
  const outcomes = new Map<number, Outcome>();
  let nextToCommit = 0;

  const commit = () => {
    while (nextToCommit < todo.length && outcomes.has(todo[nextToCommit]!)) {
      const index = todo[nextToCommit]!;
      const outcome = outcomes.get(index)!;
      outcomes.delete(index);
      nextToCommit++;
      if (outcome.type === "kept") {
        const hash = queryHash(outcome.record);
        if (queryHashes.has(hash)) {
          reject(index, "duplicate", "the same user queries as an earlier conversation");
          continue;
        }
        queryHashes.add(hash);
        out.append(outcome.record);
        const kinds = outcome.record.meta.turn_kinds;
        if (Array.isArray(kinds))
          for (const kind of kinds) turnKinds[String(kind)] = (turnKinds[String(kind)] ?? 0) + 1;
        progress.kept++;
      } else if (outcome.type === "rejected") {
        reject(index, outcome.stage, outcome.reason);
      } else {
        progress.failed++;
        if (failures.length < 20) failures.push({ id: conversationId(index), reason: outcome.reason });
      }
      options.onProgress?.({ ...progress });
    }
  };
  const reject = (index: number, stage: string, reason: string) => {
    rejects.append({ id: conversationId(index), stage, reason });
    reasons[stage] = (reasons[stage] ?? 0) + 1;
    progress.rejected++;
  };

  const window = options.window ?? 6;
  const [minTurns, maxTurns] = options.turns ?? [1, 2];
  let cursor = 0;
  const worker = async () => {
    while (cursor < todo.length) {
      const index = todo[cursor++]!;
      const random = SeededRandom.forItem(seed, index, 1);
      const start = random.int(0, options.tools.length - 1);
      const tools = Array.from(
        { length: Math.min(window, options.tools.length) },
        (_, k) => options.tools[(start + k) % options.tools.length]!,
      );
      outcomes.set(
        index,
        await buildOne(options, { index, seed, tools, validator, turns: random.int(minTurns, maxTurns) }),
      );
      commit();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  } finally {
    out.close();
    rejects.close();
  }
  return { ...progress, resumed, reasons, turnKinds, failures, elapsedMs: Date.now() - started };
}

type Outcome =
  | { type: "kept"; record: DatasetRecord }
  | { type: "rejected"; stage: string; reason: string }
  | { type: "failed"; reason: string };

async function buildOne(
  options: ConstructOptions,
  item: { index: number; seed: number; tools: Toolset; validator: ArgumentValidator; turns: number },
): Promise<Outcome> {
  try {
    const record = await buildConversation({
      generator: options.generator,
      tools: item.tools,
      validator: item.validator,
      id: conversationId(item.index),
      index: item.index,
      seed: item.seed,
      turns: item.turns,
      ...(options.callBudget ? { callBudget: options.callBudget } : {}),
      ...(options.stageRetries === undefined ? {} : { stageRetries: options.stageRetries }),
      ...(options.toolImplementations ? { toolImplementations: options.toolImplementations } : {}),
    });
    const verification = verifyConversation(record, {
      validator: item.validator,
      ...(options.dateRule ? { dateRule: options.dateRule } : {}),
    });
    if (!verification.ok) return { type: "rejected", stage: "verify", reason: verification.reason };
    return { type: "kept", record };
  } catch (error) {
    if (error instanceof ConstructionRejected)
      return { type: "rejected", stage: error.stage, reason: error.message };
    return { type: "failed", reason: error instanceof Error ? error.message : String(error) };
  }
}

/** A tool no valid call can be made to would be missing from every conversation: say why before starting. */
function assertSatisfiable(tools: Toolset): void {
  for (const tool of tools) {
    const problem = findUnsatisfiable(tool.function.parameters as JsonObject);
    if (problem) {
      throw new ToolsetError({
        tool: tool.function.name,
        field: `function.parameters.${problem.path}`,
        problem: `no value satisfies '${problem.keyword}': ${problem.reason}; fix or remove the keyword`,
      });
    }
  }
}

/** Hash of the normalised user queries: two conversations asking the same things are duplicates. */
function queryHash(record: DatasetRecord): string {
  const queries = record.messages
    .filter((message) => message.role === "user")
    .map((message) => normalise(message.content).replace(/[^\p{L}\p{N} ]/gu, ""));
  return createHash("sha256").update(queries.join("\n")).digest("hex");
}
