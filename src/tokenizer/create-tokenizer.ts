import { HfTokenizerClass } from "./hf-tokenizers.js";
import { pickChatTemplate } from "./read-chat-template.js";
import type { TextTokenizer } from "./text-tokenizer.js";

export interface CreateTokenizerOptions {
  /** Parsed tokenizer.json. */
  tokenizerJson: object;
  /** Parsed tokenizer_config.json. Default `{}`. */
  tokenizerConfig?: Record<string, unknown>;
  /**
   * The chat template, when it is kept outside tokenizer_config.json (chat_template.jinja). Default:
   * tokenizer_config.json's `chat_template`, a string or the preferred of its named templates.
   */
  chatTemplate?: string;
}

/**
 * A TextTokenizer backed by `@huggingface/tokenizers` (Hugging Face's own JavaScript tokenizers,
 * the ones transformers.js uses): tokenization at run time is the library's, not ttpa's, so it is
 * the same for any tokenizer.json a user brings.
 */
export function createTokenizer(options: CreateTokenizerOptions): TextTokenizer {
  const config = options.tokenizerConfig ?? {};
  const tokenizer = new HfTokenizerClass(options.tokenizerJson, config);
  const vocab = tokenizer.get_vocab(true);
  // A loop, not Math.max(...ids): spreading a 262k-entry vocabulary (Gemma 3) overflows the call stack.
  let vocabSize = 0;
  for (const id of vocab.values()) vocabSize = Math.max(vocabSize, id + 1);
  const addedTokens = [...tokenizer.get_added_tokens_decoder().entries()]
    .sort(([a], [b]) => a - b)
    .map(([, token]) => token.content);
  const chatTemplate = options.chatTemplate ?? pickChatTemplate(config.chat_template);
  return {
    encode: (text, { addSpecialTokens = false } = {}) =>
      tokenizer.encode(text, { add_special_tokens: addSpecialTokens }).ids,
    // The library refuses an empty id list; the text of no tokens is the empty string.
    decode: (ids, { skipSpecialTokens = false } = {}) =>
      ids.length === 0
        ? ""
        : tokenizer.decode([...ids], {
            skip_special_tokens: skipSpecialTokens,
            clean_up_tokenization_spaces: false,
          }),
    tokenToId: (token) => tokenizer.token_to_id(token),
    idToToken: (id) => tokenizer.id_to_token(id),
    vocabSize,
    chatTemplate,
    bosToken: tokenName(config.bos_token),
    eosToken: tokenName(config.eos_token),
    padToken: tokenName(config.pad_token),
    addedTokens,
  };
}

/** tokenizer_config.json names a token either as a string or as an AddedToken-like object. */
function tokenName(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (
    typeof value === "object" &&
    value !== null &&
    "content" in value &&
    typeof value.content === "string"
  ) {
    return value.content;
  }
  return undefined;
}
