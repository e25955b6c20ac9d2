export { ChatClient, type ChatClientOptions, type ChatClientStats } from "./chat-client.js";
export { HttpError } from "./http-error.js";
export { LlmGenerator, type LlmGeneratorOptions } from "./llm-generator.js";
export { ResponseCache } from "./response-cache.js";
export { STAGE_PROMPTS, type Stage } from "./stage-prompts.js";
