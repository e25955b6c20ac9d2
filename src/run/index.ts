export { ARMS, type Arm } from "./arm.js";
export {
  ARM_COMPARISONS,
  type ArmComparison,
  compareArms,
  formatArmComparisons,
  formatPairedDifference,
  type RunOutcomes,
  readRunOutcomes,
} from "./compare-arms.js";
export { formatRunResults } from "./format-run-results.js";
export {
  DEMO_CONFIG,
  PRETRAINED_MODEL_DEFAULTS,
  type PretrainedModelConfig,
  QUICK_CONFIG,
  type RunConfig,
  type RunModelConfig,
  readRunConfig,
  resolveRunConfig,
  type ScratchModelConfig,
} from "./run-config.js";
export { ManifestStore, type RunManifest, type StageRecord, stageKey } from "./run-manifest.js";
export { type RunPipelineOptions, runPipeline, type StageProgress } from "./run-pipeline.js";
export { armSummary, POOL_LABELS, POOLS, type Pool, pooledSummary, type RunResults } from "./run-results.js";
export {
  formatSeedSummary,
  type SeedStatistic,
  type SeedStatistics,
  type SeedSummary,
  summarizeSeeds,
} from "./summarize-seeds.js";
export {
  readTestRecords,
  TEST_GROUP_LABELS,
  TEST_GROUPS,
  type TestGroup,
  type TestSet,
  testGroupOf,
  testSetLabel,
  testSetPaths,
} from "./test-set.js";
