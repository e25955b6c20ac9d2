import { GEMMA_TOOL_CHAT_TEMPLATE } from "./gemma-tool-chat-template.js";

/** ttpa's tool format in one model family's turn structure: the template and the token that ends a turn. */
export interface ModelToolChatFormat {
  readonly chatTemplate: string;
  /** The model's real end-of-turn token: loss masks end on it, generation stops at it. */
  readonly eosToken: string;
}

const GEMMA: ModelToolChatFormat = { chatTemplate: GEMMA_TOOL_CHAT_TEMPLATE, eosToken: "<end_of_turn>" };

/** By GGUF `general.architecture` / Hugging Face `model_type`. */
const BY_ARCHITECTURE: Readonly<Record<string, ModelToolChatFormat>> = {
  gemma: GEMMA,
  gemma2: GEMMA,
  gemma3: GEMMA,
  gemma3_text: GEMMA,
};

/**
 * The tool format a model of `architecture` is prompted and trained with when its own chat
 * template has none (no template, or one that never reads `tools`); undefined when its template
 * handles tools itself (Qwen, Llama 3.1) or no turn structure is known for the architecture.
 */
export function modelToolChatFormat(
  architecture: string,
  ownTemplate: string | undefined,
): ModelToolChatFormat | undefined {
  if (ownTemplate !== undefined && /\btools\b/.test(ownTemplate)) return undefined;
  return BY_ARCHITECTURE[architecture];
}
