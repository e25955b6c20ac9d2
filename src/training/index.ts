export { type BuildTokenizerOptions, buildTokenizer } from "./build-tokenizer.js";
export { loadCheckpointTokenizer } from "./checkpoint-tokenizer.js";
export { type EncodeDatasetOptions, encodeDataset, type TrainingExample } from "./encode-dataset.js";
export { type EncodedPair, encodePairs, REJECTED_SCOPES, type RejectedScope } from "./encode-pairs.js";
export { findPython, type PythonRuntime } from "./find-python.js";
export { holdOut } from "./hold-out.js";
export { PAIR_WEIGHTINGS, type PairWeighting, pairWeights } from "./pair-weights.js";
export { type RunTrainerOptions, runTrainer, type TrainerEvent } from "./run-trainer.js";
export {
  DPO_LOSSES,
  type DpoLoss,
  type TrainDpoOptions,
  type TrainDpoResult,
  trainDpo,
} from "./train-dpo.js";
export { MODEL_PRESETS, type TrainSftOptions, type TrainSftResult, trainSft } from "./train-sft.js";
export { TrainerFailed, TrainerInputError } from "./trainer-failed.js";
export { TrainerUnavailable } from "./trainer-unavailable.js";
export {
  type LoraSettings,
  TRAINER_BACKENDS,
  TRAINER_DEVICES,
  TRAINER_PRECISIONS,
  type TrainerSettings,
} from "./training-loop.js";
export { writeToolChatFormat } from "./write-tool-chat-format.js";
