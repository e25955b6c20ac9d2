export { LlamaCppLanguageModel, type LlamaCppModelOptions } from "./llama-cpp-language-model.js";
export { ModelLoadError } from "./model-load-error.js";
export { DEFAULT_SAMPLER_MEMORY_BUDGET } from "./sampler-memory-budget.js";
