import { InputError } from "../errors/input-error.js";
import type { LanguageModel } from "./language-model.js";
import { LlamaCppLanguageModel, ModelLoadError } from "./llama-cpp/index.js";
import { OpenAiCompatibleLanguageModel } from "./openai-compatible/index.js";

export interface OpenLanguageModelOptions {
  /**
   * A GGUF file (llama.cpp backend), or the base URL of an OpenAI-compatible server (remote
   * backend); several URLs serving the same model are separated by commas.
   */
  model: string;
  /** Requests decoded together (llama.cpp sequences), or in flight per endpoint. Default 4. */
  concurrency?: number;
  /**
   * Tokens per sequence. llama.cpp: default the model's, at most 4096. Remote: overrides what the
   * server reports (the per-slot context of llama.cpp's server, vLLM's `max_model_len`).
   */
  contextSize?: number;
  /** llama.cpp: CPU threads. Default: all math cores but one. */
  threads?: number;
  /** llama.cpp: use a GPU build when there is one. Default false. */
  gpu?: boolean;
  /** Remote: the environment variable holding the API key. Default: none. */
  apiKeyEnv?: string;
  /** Remote: the served model name. Default: the first the server lists. */
  servedModel?: string;
  /**
   * Remote: the model's Hugging Face folder, for what the server does not report (vLLM: vocabulary
   * size, chat template, special tokens); see OpenAiCompatibleModelOptions.tokenizerDir. A GGUF
   * carries all of that itself, so it takes none. Default: none.
   */
  tokenizer?: string;
}

/** True when `model` names servers rather than a file. */
export function isRemoteModel(model: string): boolean {
  return /^https?:\/\//i.test(model.trim());
}

/** Opens the backend a `--model` value names; bad paths and unreachable servers are InputErrors. */
export async function openLanguageModel(options: OpenLanguageModelOptions): Promise<LanguageModel> {
  const concurrency = options.concurrency ?? 4;
  if (isRemoteModel(options.model)) {
    const endpoints = options.model
      .split(",")
      .map((url) => url.trim())
      .filter((url) => url !== "");
    return OpenAiCompatibleLanguageModel.connect({
      endpoints,
      concurrency,
      ...(options.apiKeyEnv === undefined ? {} : { apiKeyEnv: options.apiKeyEnv }),
      ...(options.servedModel === undefined ? {} : { model: options.servedModel }),
      ...(options.contextSize === undefined ? {} : { info: { contextSize: options.contextSize } }),
      ...(options.tokenizer === undefined ? {} : { tokenizerDir: options.tokenizer }),
    });
  }
  if (options.tokenizer !== undefined) {
    throw new InputError(
      `--tokenizer is for a model served over HTTP; the GGUF ${options.model} carries its own tokenizer and chat template`,
    );
  }
  try {
    return await LlamaCppLanguageModel.load({
      modelPath: options.model,
      sequences: concurrency,
      ...(options.contextSize === undefined ? {} : { contextSize: options.contextSize }),
      ...(options.threads === undefined ? {} : { threads: options.threads }),
      ...(options.gpu === true ? { gpu: true } : {}),
    });
  } catch (error) {
    if (error instanceof ModelLoadError) throw new InputError(error.message);
    throw error;
  }
}
