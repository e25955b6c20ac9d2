import { encodeConversation, type LossOn } from "../chat-template/index.js";
import type { DatasetRecord } from "../dataset/dataset-record.js";
import { InputError } from "../errors/input-error.js";
import type { TextTokenizer } from "../tokenizer/index.js";

/** One training example as the trainer reads it: token ids and which of them carry loss. */
export interface TrainingExample {
  input_ids: number[];
  loss_mask: Array<0 | 1>;
}

export interface EncodeDatasetOptions {
  records: readonly DatasetRecord[];
  tokenizer: TextTokenizer;
  /** Default `"assistant"`: every assistant turn carries loss; `"tool_calls"`: only turns with calls. */
  lossOn?: LossOn;
  /** Longer conversations are cut to this many tokens (their loss after the cut is lost). Default 1024. */
  maxLength?: number;
}

/**
 * Tokenizes conversations with their loss masks. Reports how many were cut to `maxLength`. Tokens
 * after the last loss-carrying one are dropped: under the causal mask they change no loss and no
 * gradient, and with loss on tool calls only they are the tool results and final answer, ~15% of a
 * constructed conversation's compute.
 */
export function encodeDataset(options: EncodeDatasetOptions): {
  examples: TrainingExample[];
  truncated: number;
} {
  const maxLength = options.maxLength ?? 1024;
  let truncated = 0;
  const examples: TrainingExample[] = [];
  for (const record of options.records) {
    const { inputIds, lossMask } = encodeRecord(record, options);
    if (inputIds.length > maxLength) truncated++;
    const end = Math.min(maxLength, lossMask.lastIndexOf(1) + 1);
    if (end > 0) examples.push({ input_ids: inputIds.slice(0, end), loss_mask: lossMask.slice(0, end) });
  }
  return { examples, truncated };
}

/**
 * A template that cannot render a record (one that knows no tool calls and adds null content, say)
 * is the model folder's problem, not ttpa's: one line naming the record and the template's error.
 */
function encodeRecord(record: DatasetRecord, options: EncodeDatasetOptions) {
  try {
    return encodeConversation({
      tokenizer: options.tokenizer,
      messages: record.messages,
      tools: record.tools,
      lossOn: options.lossOn ?? "assistant",
    });
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `record ${record.id}: the model's chat template failed to render it (${(error as Error).message}); ` +
        "use a template that renders tool calls and tool results (ttpa import gguf writes one for Gemma)",
    );
  }
}
