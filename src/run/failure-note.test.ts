import { describe, expect, it } from "vitest";
import { failureNote } from "./failure-note.js";

describe("failureNote", () => {
  it("says how many of how many failed, with the first reason", () => {
    const counts = {
      total: 30,
      failed: 2,
      failures: [{ reason: "prompt of 771 tokens does not fit the context of 768" }, { reason: "other" }],
    };
    expect(failureNote(counts, "seen-tools targets", "got no prediction and count as wrong")).toBe(
      "2 of 30 seen-tools targets got no prediction and count as wrong (first: prompt of 771 tokens does not fit the context of 768)",
    );
  });

  it("says nothing when nothing failed", () => {
    expect(failureNote({ total: 5, failed: 0, failures: [] }, "turns", "gave no pair")).toBeUndefined();
  });
});
