export { type PromptTokensOptions, promptTokens } from "./prompt-tokens.js";
