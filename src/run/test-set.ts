import { existsSync } from "node:fs";
import path from "node:path";
import { bfclRule } from "../bfcl/index.js";
import { type DatasetRecord, readDataset } from "../dataset/index.js";
import type { Arm } from "./arm.js";

/**
 * A test set of a run: held-out constructed conversations over training tools (`seen`) or over
 * tools held out of training (`unseen`), or the imported entries of one BFCL category
 * (`bfcl:<category>`), never trained on.
 */
export type TestSet = "seen" | "unseen" | `bfcl:${string}`;

/** How tables, notes and headings name a test set: `seen tools`, `unseen tools`, `BFCL simple_python`. */
export function testSetLabel(set: TestSet): string {
  return set.startsWith("bfcl:") ? `BFCL ${set.slice("bfcl:".length)}` : `${set} tools`;
}

/**
 * Where a test set's files sit in a run folder, relative to it: its records, and each arm's
 * predictions and evaluation summary. `slug` spells the set for file names and HTML ids
 * (`bfcl-simple_python`).
 */
export function testSetPaths(set: TestSet) {
  const slug = set.replace(":", "-");
  const records =
    set === "seen"
      ? path.join("split", "test.jsonl")
      : set === "unseen"
        ? path.join("split", "test-unseen.jsonl")
        : path.join("bfcl", `${set.slice("bfcl:".length)}.jsonl`);
  return {
    slug,
    records,
    predictions: (arm: Arm) => path.join(`eval-${arm}`, `${slug}.predictions.jsonl`),
    evaluation: (arm: Arm) => path.join(`eval-${arm}`, `${slug}.eval.json`),
  };
}

/**
 * The records of a test set that a run's arms predicted: a constructed set's first `maxTargets`
 * (none when the split held no tools out), a BFCL set's whole file (already a sample).
 */
export async function readTestRecords(
  dir: string,
  set: TestSet,
  maxTargets: number,
): Promise<DatasetRecord[]> {
  const file = path.join(dir, testSetPaths(set).records);
  if (set.startsWith("bfcl:")) return readDataset(file);
  return existsSync(file) ? (await readDataset(file)).slice(0, maxTargets) : [];
}

/**
 * Test sets pooled in tables and comparisons: the held-out constructed conversations, BFCL's
 * calling categories (AST: simple, multiple, parallel, live_*), BFCL's relevance categories
 * (irrelevance: no call is right). The method's claims read on the first two; the third moves the
 * other way when training teaches calling.
 */
export const TEST_GROUPS = ["held-out", "bfcl-ast", "bfcl-relevance"] as const;
export type TestGroup = (typeof TEST_GROUPS)[number];

/** How tables name each group. */
export const TEST_GROUP_LABELS: Record<TestGroup, string> = {
  "held-out": "held-out (seen + unseen)",
  "bfcl-ast": "BFCL AST",
  "bfcl-relevance": "BFCL irrelevance",
};

/** The group a test set belongs to. */
export function testGroupOf(set: TestSet): TestGroup {
  if (!set.startsWith("bfcl:")) return "held-out";
  // The category alone decides for BFCL's sets (a reference count of 1 never overrides it).
  const rule = bfclRule(set.slice("bfcl:".length), 1);
  return rule === "irrelevance" || rule === "relevance" ? "bfcl-relevance" : "bfcl-ast";
}
