import path from "node:path";
import { InputError } from "../errors/input-error.js";
import { loadTokenizer, type TextTokenizer } from "../tokenizer/index.js";

/**
 * The tokenizer of a checkpoint folder that conversations are rendered and tokenized with: it must
 * have a chat template (chat_template.jinja, or `chat_template` in tokenizer_config.json), or every
 * conversation would fail; the message says which files were looked at and how to add one.
 */
export async function loadCheckpointTokenizer(dir: string): Promise<TextTokenizer> {
  const tokenizer = await loadTokenizer({ dir });
  if (tokenizer.chatTemplate === undefined) {
    throw new InputError(
      `${dir} has no chat template: neither ${path.join(dir, "chat_template.jinja")} nor a chat_template ` +
        "in its tokenizer_config.json; copy the base model's chat_template.jinja (or its tokenizer_config.json) into it",
    );
  }
  return tokenizer;
}
