import type { LanguageModel } from "../backends/language-model.js";
import { renderChat, renderPrompt, TOOL_CHAT_TEMPLATE, TOOL_CHAT_TOKENS } from "../chat-template/index.js";
import type { AssistantMessage, ChatMessage } from "../dataset/chat-message.js";
import type { Toolset } from "../tools/tool-definition.js";
import { TemplateMismatchError } from "./template-mismatch-error.js";

export interface ChatRendererOptions {
  /** Jinja chat template. Default ttpa's TOOL_CHAT_TEMPLATE. */
  chatTemplate?: string;
  /** Default TOOL_CHAT_TOKENS.bos. */
  bosToken?: string;
  /** Default TOOL_CHAT_TOKENS.endOfTurn. */
  eosToken?: string;
}

/**
 * Renders prompts and assistant completions with one chat template, the way the trainer cuts a
 * conversation into turns: a completion is the text between the prompt rendered with the
 * generation prompt and the conversation rendered through the assistant turn (the trainer's loss
 * span and token piece), so what is compared here is what is trained on.
 */
export class ChatRenderer {
  readonly chatTemplate: string;
  readonly bosToken: string;
  readonly eosToken: string;

  constructor(options: ChatRendererOptions = {}) {
    this.chatTemplate = options.chatTemplate ?? TOOL_CHAT_TEMPLATE;
    this.bosToken = options.bosToken ?? TOOL_CHAT_TOKENS.bos;
    this.eosToken = options.eosToken ?? TOOL_CHAT_TOKENS.endOfTurn;
  }

  /** The template a model's prompts are built with (see promptTokens): its own, else ttpa's, with its BOS/EOS text. */
  static async forModel(model: LanguageModel): Promise<ChatRenderer> {
    const special = async (token: number | undefined) =>
      token === undefined ? undefined : model.detokenize([token], { specialTokens: true });
    const bosToken = await special(model.info.bos);
    const eosToken = await special(model.info.eos);
    return new ChatRenderer({
      ...(model.info.chatTemplate ? { chatTemplate: model.info.chatTemplate } : {}),
      ...(bosToken ? { bosToken } : {}),
      ...(eosToken ? { eosToken } : {}),
    });
  }

  /** The text a model continues from: the conversation and the assistant header. */
  prompt(context: readonly ChatMessage[], tools: Toolset): string {
    return renderPrompt({ messages: context, tools, ...this.templateOptions() });
  }

  /** The assistant turn as rendered after `context`: its text, calls and end-of-turn marker. */
  completion(context: readonly ChatMessage[], tools: Toolset, message: AssistantMessage): string {
    const prompt = this.prompt(context, tools);
    const rendered = renderChat({ messages: [...context, message], tools, ...this.templateOptions() });
    if (!rendered.startsWith(prompt)) throw new TemplateMismatchError({ prompt, rendered });
    return rendered.slice(prompt.length);
  }

  private templateOptions() {
    return { chatTemplate: this.chatTemplate, bosToken: this.bosToken, eosToken: this.eosToken };
  }
}
