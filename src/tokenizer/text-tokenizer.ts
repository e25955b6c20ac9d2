/**
 * A model's tokenizer as the rest of ttpa sees it: what reads and writes token ids, and the chat
 * template and named tokens that come with it in tokenizer_config.json.
 */
export interface TextTokenizer {
  /**
   * Token ids of a text. Occurrences of added tokens (`<|user|>`, `<tool_call>`, ...) in the text
   * become their single ids. Nothing is added around the text unless `addSpecialTokens` is true
   * (chat templates write their own BOS, as Hugging Face's apply_chat_template assumes).
   */
  encode(text: string, options?: { addSpecialTokens?: boolean }): number[];
  /** The text of some ids. Default keeps special tokens; decoding all ids of a text gives it back. */
  decode(ids: readonly number[], options?: { skipSpecialTokens?: boolean }): string;
  tokenToId(token: string): number | undefined;
  idToToken(id: number): string | undefined;
  /** Number of ids, added tokens included. */
  readonly vocabSize: number;
  /** Jinja chat template (tokenizer_config.json's or chat_template.jinja), when the model has one. */
  readonly chatTemplate: string | undefined;
  readonly bosToken: string | undefined;
  readonly eosToken: string | undefined;
  readonly padToken: string | undefined;
  /** Contents of all added tokens, special or not, in id order. */
  readonly addedTokens: readonly string[];
}
