export { LlamaCppLanguageModel, type LlamaCppModelOptions } from "./llama-cpp-language-model.js";
export { ModelLoadError } from "./model-load-error.js";
