import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { TOOL_CHAT_TOKENIZER_OPTIONS, TOOL_CHAT_TOKENS } from "../../chat-template/index.js";
import { exportGguf } from "../../gguf/index.js";
import {
  buildTinyTokenizer,
  type TinyLlamaOptions,
  writeTinyLlamaCheckpoint,
} from "../../gguf/test-support/index.js";
import { trainBpeTokenizer, writeTokenizerFiles } from "../../tokenizer/index.js";

export interface ToolChatGgufModel {
  readonly dir: string;
  readonly modelPath: string;
  cleanup(): Promise<void>;
}

export interface ToolChatGgufOptions
  extends Pick<TinyLlamaOptions, "hidden" | "layers" | "heads" | "kvHeads" | "intermediate" | "seed"> {
  /** The tokenizer's corpus: rendered conversations of the kind the model will be prompted with. */
  texts: readonly string[];
  /** Default 600. */
  vocabSize?: number;
  /** Default "f32". */
  ggufDtype?: "f32" | "f16";
}

/**
 * A random-weight Llama GGUF that speaks ttpa's tool chat format: a byte-level BPE tokenizer
 * trained on `texts` with the format's special tokens and chat template (as `buildTokenizer` makes
 * the small model's), on a tiny checkpoint with enough embedding rows. Prompts then carry the tool
 * definitions in the system turn, as real TPS prompts do, and completions render through the tool
 * template.
 */
export async function createToolChatGgufModel(options: ToolChatGgufOptions): Promise<ToolChatGgufModel> {
  const dir = await mkdtemp(path.join(tmpdir(), "ttpa-tool-model-"));
  const trained = trainBpeTokenizer({
    texts: options.texts,
    vocabSize: options.vocabSize ?? 600,
    minFrequency: 1,
    ...TOOL_CHAT_TOKENIZER_OPTIONS,
  });
  const size = trained.stats.vocabSize;
  const tinySize = buildTinyTokenizer({ pre: "llama-bpe", merges: 40 }).size;
  const checkpointDir = path.join(dir, "checkpoint");
  await writeTinyLlamaCheckpoint({
    hidden: options.hidden,
    layers: options.layers,
    heads: options.heads,
    kvHeads: options.kvHeads,
    intermediate: options.intermediate,
    seed: options.seed,
    dir: checkpointDir,
    padRows: Math.max(3, size - tinySize + 3),
  });
  await writeTokenizerFiles({
    dir: checkpointDir,
    tokenizerJson: trained.tokenizerJson,
    tokenizerConfig: trained.tokenizerConfig,
  });
  const idOf = (content: string): number => {
    const token = trained.tokenizerJson.added_tokens.find((added) => added.content === content);
    if (token === undefined) throw new Error(`the trained tokenizer lacks ${content}`);
    return token.id;
  };
  const ids = { bos_token_id: idOf(TOOL_CHAT_TOKENS.bos), eos_token_id: idOf(TOOL_CHAT_TOKENS.endOfTurn) };
  const configFile = path.join(checkpointDir, "config.json");
  const config = JSON.parse(await readFile(configFile, "utf8")) as Record<string, unknown>;
  await writeFile(configFile, JSON.stringify({ ...config, ...ids }, null, 2));
  await writeFile(path.join(checkpointDir, "generation_config.json"), JSON.stringify(ids));
  const dtype = options.ggufDtype ?? "f32";
  const modelPath = path.join(dir, `model-${dtype}.gguf`);
  await exportGguf({ checkpointDir, outFile: modelPath, dtype });
  return { dir, modelPath, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
