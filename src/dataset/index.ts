export type { AssistantMessage, ChatMessage, ChatToolCall } from "./chat-message.js";
export type { DatasetRecord, RecordMeta } from "./dataset-record.js";
export { type EvalTarget, evalTargets } from "./eval-targets.js";
export { readDataset } from "./read-dataset.js";
export { type Split, type SplitOptions, splitDataset } from "./split-dataset.js";
