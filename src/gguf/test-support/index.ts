export { compareWithPyTorch, type PyTorchComparison } from "./compare-with-pytorch.js";
export { llamaCppLogprobs, type NextTokenLogprobs } from "./llama-cpp-logprobs.js";
export { randomTexts } from "./random-texts.js";
export { runPythonModule } from "./run-python-module.js";
export {
  buildTinyTokenizer,
  LLAMA3_SPLIT_REGEX,
  QWEN2_SPLIT_REGEX,
  type TinyPreTokenizer,
  type TinyTokenizerFiles,
} from "./tiny-bpe-tokenizer.js";
export {
  type TinyLlamaCheckpoint,
  type TinyLlamaOptions,
  writeTinyLlamaCheckpoint,
} from "./tiny-llama-checkpoint.js";
