import { type RenderChatOptions, renderChat } from "./render-chat.js";

export type RenderPromptOptions = Omit<RenderChatOptions, "addGenerationPrompt">;

/**
 * The text a model continues to produce its next assistant turn: the conversation so far and the
 * assistant header (add_generation_prompt). Defaults are renderChat's.
 */
export function renderPrompt(options: RenderPromptOptions): string {
  return renderChat({ ...options, addGenerationPrompt: true });
}
