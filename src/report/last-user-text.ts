import type { ChatMessage } from "../dataset/index.js";

/** The last user message of a conversation: what was asked. Empty when there is none. */
export function lastUserText(messages: readonly ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === "user") return message.content;
  }
  return "";
}
