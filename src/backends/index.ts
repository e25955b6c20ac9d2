export { CompletionText } from "./completion-text.js";
export { GenerateRequestError } from "./generate-request-error.js";
export type {
  DetokenizeOptions,
  FinishReason,
  GeneratedToken,
  GenerateOptions,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  ModelInfo,
  ModelUsage,
  Sampling,
  TokenId,
  TokenizeOptions,
  TokenLogprob,
} from "./language-model.js";
export {
  DEFAULT_SAMPLER_MEMORY_BUDGET,
  LlamaCppLanguageModel,
  type LlamaCppModelOptions,
  ModelLoadError,
} from "./llama-cpp/index.js";
export { isRemoteModel, type OpenLanguageModelOptions, openLanguageModel } from "./open-language-model.js";
export {
  OpenAiCompatibleLanguageModel,
  type OpenAiCompatibleModelOptions,
  RemoteModelError,
} from "./openai-compatible/index.js";
export { validateRequests } from "./validate-requests.js";
