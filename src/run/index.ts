export { formatRunResults } from "./format-run-results.js";
export { DEMO_CONFIG, QUICK_CONFIG, type RunConfig, readRunConfig, resolveRunConfig } from "./run-config.js";
export { ManifestStore, type RunManifest, type StageRecord, stageKey } from "./run-manifest.js";
export { ARMS, type Arm, type RunPipelineOptions, type RunResults, runPipeline } from "./run-pipeline.js";
export {
  formatSeedSummary,
  type SeedStatistic,
  type SeedSummary,
  summarizeSeeds,
} from "./summarize-seeds.js";
