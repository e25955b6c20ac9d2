export { BYTE_ALPHABET, BYTE_TO_CHAR, toByteLevel } from "./byte-level.js";
export { type CreateTokenizerOptions, createTokenizer } from "./create-tokenizer.js";
export { type LoadTokenizerOptions, loadTokenizer } from "./load-tokenizer.js";
export { PRE_TOKENIZER_PATTERN, preTokenize } from "./pre-tokenize.js";
export {
  CHAT_TEMPLATE_PREFERENCE,
  type FolderChatTemplate,
  pickChatTemplate,
  readChatTemplate,
} from "./read-chat-template.js";
export type { TextTokenizer } from "./text-tokenizer.js";
export type { AddedTokenJson, TokenizerConfigJson, TokenizerJson } from "./tokenizer-json.js";
export {
  type AddedTokenSpec,
  type TrainBpeTokenizerOptions,
  type TrainedTokenizer,
  trainBpeTokenizer,
} from "./train-bpe-tokenizer.js";
export { type WriteTokenizerFilesOptions, writeTokenizerFiles } from "./write-tokenizer-files.js";
