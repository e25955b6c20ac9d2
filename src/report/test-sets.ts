/** The test sets of a run: held-out conversations over training tools, and over tools held out of training. */
export const TEST_SETS = ["seen", "unseen"] as const;
export type TestSet = (typeof TEST_SETS)[number];
