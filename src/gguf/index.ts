export { CheckpointError } from "./checkpoint-error.js";
export {
  type ExportCheckpointGgufOptions,
  type ExportCheckpointGgufResult,
  exportCheckpointGguf,
} from "./export-checkpoint-gguf.js";
export { type ExportGgufOptions, type ExportGgufResult, exportGguf } from "./export-gguf.js";
export type { GgmlType } from "./ggml-type.js";
export { GgufFormatError } from "./gguf-format-error.js";
export { type GgufFile, type GgufTensorInfo, readGguf, readGgufTensor } from "./gguf-reader.js";
export { type GgufArrayValue, type GgufMetadata, type GgufValue, gguf } from "./gguf-value.js";
export { GgufVocabulary } from "./gguf-vocabulary.js";
export { type GgufTensorSource, type WriteGgufOptions, writeGguf } from "./gguf-writer.js";
export { type ImportGgufOptions, type ImportGgufResult, importGguf } from "./import-gguf.js";
export { type LlamaConfig, readLlamaConfig } from "./llama-config.js";
export {
  encodeSafetensors,
  openSafetensors,
  readSafetensorsRows,
  type SafetensorsDtype,
  type SafetensorsTensor,
  type SafetensorsWriteTensor,
} from "./safetensors.js";
