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
export { ARMS, type Arm, type RunPipelineOptions, type RunResults, runPipeline } from "./run-pipeline.js";
export {
  formatSeedSummary,
  type SeedStatistic,
  type SeedSummary,
  summarizeSeeds,
} from "./summarize-seeds.js";
