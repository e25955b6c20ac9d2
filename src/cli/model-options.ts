import type { Command } from "commander";
import { type LanguageModel, openLanguageModel } from "../backends/index.js";
import { parsePositiveInt } from "./option-parsers.js";

/** How to open `--model` (a GGUF file or OpenAI-compatible server URLs), as commander parses it. */
export interface ModelOptions {
  contextSize?: number;
  threads?: number;
  gpu?: boolean;
  apiKeyEnv?: string;
  servedModel?: string;
  tokenizer?: string;
}

/** Adds the options of ModelOptions to a command that opens a model (predict, sample). */
export function withModelOptions(command: Command): Command {
  return command
    .option(
      "--context-size <n>",
      "tokens per sequence (default: a GGUF's own, at most 4096; a server's report)",
      parsePositiveInt,
    )
    .option("--threads <n>", "CPU threads (GGUF; default: all cores but one)", parsePositiveInt)
    .option("--gpu", "use a GPU build when there is one (GGUF)")
    .option("--api-key-env <name>", "environment variable holding the API key (URL; default: no key)")
    .option("--served-model <name>", "model name on the server (URL; default: the first it lists)")
    .option(
      "--tokenizer <dir>",
      "URL: the model's Hugging Face folder (config.json, tokenizer.json, tokenizer_config.json or " +
        "chat_template.jinja), for the vocabulary size, chat template and special tokens the server " +
        "does not report; vLLM needs it",
    );
}

/** Opens `--model` with those options, decoding `concurrency` sequences together. */
export function openModel(model: string, options: ModelOptions, concurrency: number): Promise<LanguageModel> {
  return openLanguageModel({
    model,
    concurrency,
    ...(options.contextSize === undefined ? {} : { contextSize: options.contextSize }),
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    ...(options.gpu === true ? { gpu: true } : {}),
    ...(options.apiKeyEnv === undefined ? {} : { apiKeyEnv: options.apiKeyEnv }),
    ...(options.servedModel === undefined ? {} : { servedModel: options.servedModel }),
    ...(options.tokenizer === undefined ? {} : { tokenizer: options.tokenizer }),
  });
}
