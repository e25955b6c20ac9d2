import type { LanguageModel, TokenId } from "../backends/language-model.js";
import { renderPrompt } from "../chat-template/index.js";
import type { ChatMessage } from "../dataset/chat-message.js";
import type { Toolset } from "../tools/tool-definition.js";

export interface PromptTokensOptions {
  model: LanguageModel;
  /** The conversation so far; the model continues with the next assistant turn. */
  messages: readonly ChatMessage[];
  tools: Toolset;
}

/**
 * The token ids a model continues from: the conversation rendered with the model's own chat
 * template (ttpa's tool template when the model ships none) up to the assistant header, then
 * tokenized by the model with special-token text read as special tokens.
 */
export async function promptTokens(options: PromptTokensOptions): Promise<TokenId[]> {
  const { model } = options;
  const special = async (token: TokenId | undefined) =>
    token === undefined ? undefined : model.detokenize([token], { specialTokens: true });
  const bosToken = await special(model.info.bos);
  const eosToken = await special(model.info.eos);
  const text = renderPrompt({
    messages: options.messages,
    tools: options.tools,
    ...(model.info.chatTemplate ? { chatTemplate: model.info.chatTemplate } : {}),
    ...(bosToken ? { bosToken } : {}),
    ...(eosToken ? { eosToken } : {}),
  });
  return model.tokenize(text, { specialTokens: true });
}
