/** What a stage that skips failed items reports: how many of how many, and the first reason. */
export interface FailureCounts {
  total: number;
  failed: number;
  failures: ReadonlyArray<{ reason: string }>;
}

/**
 * One line saying that `failed` of `total` THINGS OUTCOME, with the first reason; undefined when
 * nothing failed. Runs leave such items out rather than stop, so the line is what tells the user.
 */
export function failureNote(counts: FailureCounts, things: string, outcome: string): string | undefined {
  if (counts.failed === 0) return undefined;
  const first = counts.failures[0]?.reason;
  return `${counts.failed} of ${counts.total} ${things} ${outcome}${first ? ` (first: ${first})` : ""}`;
}
