export {
  type CompletionChoice,
  completionBody,
  parseCompletionResponse,
  parseTokenLogprobs,
} from "./completion-wire.js";
export { type DiscoveredModel, discoverModelInfo } from "./discover-model-info.js";
export { EndpointPool, type EndpointPoolOptions, serverRoot } from "./endpoint-pool.js";
export { type ModelFolderInfo, readModelFolderInfo } from "./model-folder-info.js";
export {
  OpenAiCompatibleLanguageModel,
  type OpenAiCompatibleModelOptions,
} from "./openai-compatible-language-model.js";
export { RemoteModelError } from "./remote-model-error.js";
