export { type BuildTokenizerOptions, buildTokenizer } from "./build-tokenizer.js";
export { type EncodeDatasetOptions, encodeDataset, type TrainingExample } from "./encode-dataset.js";
export { findPython, type PythonRuntime } from "./find-python.js";
export { type RunTrainerOptions, runTrainer, type TrainerEvent } from "./run-trainer.js";
export { MODEL_PRESETS, type TrainSftOptions, type TrainSftResult, trainSft } from "./train-sft.js";
export { TrainerFailed } from "./trainer-failed.js";
export { TrainerUnavailable } from "./trainer-unavailable.js";
