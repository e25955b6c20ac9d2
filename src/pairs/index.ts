export {
  type AssistantMessageFor,
  type AssistantMessageForOptions,
  assistantMessageFor,
} from "./assistant-message.js";
export { ChatRenderer, type ChatRendererOptions } from "./chat-renderer.js";
export {
  type DivergenceTokenOptions,
  divergenceToken,
  firstDifference,
  type Tokenize,
} from "./divergence-token.js";
export {
  type LlamaFactoryRankingRow,
  llamaFactoryDatasetInfo,
  type ShareGptMessage,
  toLlamaFactoryRow,
} from "./export-llamafactory.js";
export { type OpenRlhfExportOptions, type OpenRlhfRow, toOpenRlhfRow } from "./export-openrlhf.js";
export {
  type ExportPairsOptions,
  type ExportPairsResult,
  exportPairs,
  PAIR_EXPORT_FORMATS,
  type PairExportFormat,
} from "./export-pairs.js";
export { type TrlExportOptions, type TrlMessage, type TrlPreferenceRow, toTrlRow } from "./export-trl.js";
export { PairFormatError } from "./pair-format-error.js";
export type {
  BranchInfo,
  CandidateOrigin,
  PairMeta,
  PreferencePair,
  SamplerSettings,
} from "./preference-pair.js";
export { readPairs } from "./read-pairs.js";
export { TemplateMismatchError } from "./template-mismatch-error.js";
export { validatePair } from "./validate-pair.js";
