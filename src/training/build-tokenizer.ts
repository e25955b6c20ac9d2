import { renderChat, TOOL_CHAT_TOKENIZER_OPTIONS } from "../chat-template/index.js";
import type { DatasetRecord } from "../dataset/dataset-record.js";
import {
  loadTokenizer,
  type TextTokenizer,
  trainBpeTokenizer,
  writeTokenizerFiles,
} from "../tokenizer/index.js";

export interface BuildTokenizerOptions {
  /** The conversations the tokenizer is learned from, rendered with the tool chat template. */
  records: readonly DatasetRecord[];
  /** Total vocabulary, special tokens and the 256 bytes included. Default 2048. */
  vocabSize?: number;
  /** Folder that receives tokenizer.json and tokenizer_config.json (a model checkpoint folder). */
  dir: string;
}

/**
 * The small model's tokenizer: a byte-level BPE learned from the training conversations as the
 * model will see them (chat template applied), written as standard Hugging Face files and loaded
 * back through the tokenizer library, so training and inference read the very same files.
 */
export async function buildTokenizer(options: BuildTokenizerOptions): Promise<TextTokenizer> {
  const texts = options.records.map((record) =>
    renderChat({
      messages: record.messages,
      tools: record.tools,
      bosToken: TOOL_CHAT_TOKENIZER_OPTIONS.bosToken,
      eosToken: TOOL_CHAT_TOKENIZER_OPTIONS.eosToken,
    }),
  );
  const trained = trainBpeTokenizer({
    texts,
    vocabSize: options.vocabSize ?? 2048,
    ...TOOL_CHAT_TOKENIZER_OPTIONS,
  });
  await writeTokenizerFiles({
    dir: options.dir,
    tokenizerJson: trained.tokenizerJson,
    tokenizerConfig: trained.tokenizerConfig,
  });
  return loadTokenizer({ dir: options.dir });
}
