export {
  type EncodeConversationOptions,
  type EncodedConversation,
  encodeConversation,
  type LossOn,
} from "./encode-conversation.js";
export { GEMMA_TOOL_CHAT_TEMPLATE } from "./gemma-tool-chat-template.js";
export { type ModelToolChatFormat, modelToolChatFormat } from "./model-tool-chat-format.js";
export { type RenderChatOptions, renderChat } from "./render-chat.js";
export { type RenderPromptOptions, renderPrompt } from "./render-prompt.js";
export { TOOL_CHAT_TEMPLATE, TOOL_CHAT_TOKENIZER_OPTIONS, TOOL_CHAT_TOKENS } from "./tool-chat-format.js";
