import type { GenerateResult } from "../../backends/language-model.js";
import { LlamaCppLanguageModel, type LlamaCppModelOptions } from "../../backends/llama-cpp/index.js";

export interface NextTokenLogprobs {
  /** Prompt then the greedily generated tokens but the last: the sequence every step conditions on. */
  readonly tokens: number[];
  /** Position in `tokens` of the step's context end, and llama.cpp's top entries there. */
  readonly steps: Array<{ position: number; top: Array<{ token: number; logprob: number }> }>;
}

/**
 * llama.cpp's next-token log-probabilities over greedy decoding from each text (its top `topK` at
 * each of `steps` positions), from one load of the model, on the CPU with an f32 KV cache so that
 * a comparison sees the weights, not the cache's rounding.
 */
export async function llamaCppLogprobs(
  modelPath: string,
  texts: readonly string[],
  options: { steps: number; topK?: number } & Partial<LlamaCppModelOptions>,
): Promise<NextTokenLogprobs[]> {
  const { steps, topK, ...modelOptions } = options;
  const model = await LlamaCppLanguageModel.load({
    modelPath,
    sequences: 1,
    contextSize: 512,
    threads: 1,
    kvCache: "f32",
    flashAttention: false,
    ...modelOptions,
  });
  try {
    const all: NextTokenLogprobs[] = [];
    for (const text of texts) {
      const prompt = await model.tokenize(text, { specialTokens: true });
      const [result] = (await model.generate([
        { prompt, maxTokens: steps, stopTokens: [], topLogprobs: topK ?? model.info.vocabularySize },
      ])) as [GenerateResult];
      all.push({
        tokens: [...prompt, ...result.tokens.slice(0, -1).map((t) => t.token)],
        steps: result.tokens.map((t, i) => ({ position: prompt.length - 1 + i, top: [...t.top] })),
      });
    }
    return all;
  } finally {
    await model.close();
  }
}
