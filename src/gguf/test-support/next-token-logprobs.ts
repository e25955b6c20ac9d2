import type { GenerateResult } from "../../backends/language-model.js";
import { LlamaCppLanguageModel, type LlamaCppModelOptions } from "../../backends/llama-cpp/index.js";
import { runPythonModule } from "./run-python-module.js";

export interface NextTokenLogprobs {
  /** Prompt then the greedily generated tokens but the last: the sequence every step conditions on. */
  readonly tokens: number[];
  /** Position in `tokens` of the step's context end, and llama.cpp's top entries there. */
  readonly steps: Array<{ position: number; top: Array<{ token: number; logprob: number }> }>;
}

/**
 * llama.cpp's next-token log-probabilities over greedy decoding from `text` (its top `topK` at each
 * of `steps` positions), on the CPU with an f32 KV cache so that the comparison sees the weights,
 * not the cache's rounding.
 */
export async function llamaCppLogprobs(
  modelPath: string,
  text: string,
  options: { steps: number; topK?: number } & Partial<LlamaCppModelOptions>,
): Promise<NextTokenLogprobs> {
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
    const prompt = await model.tokenize(text, { specialTokens: true });
    const [result] = (await model.generate([
      { prompt, maxTokens: steps, stopTokens: [], topLogprobs: topK ?? model.info.vocabularySize },
    ])) as [GenerateResult];
    return {
      tokens: [...prompt, ...result.tokens.slice(0, -1).map((t) => t.token)],
      steps: result.tokens.map((t, i) => ({ position: prompt.length - 1 + i, top: [...t.top] })),
    };
  } finally {
    await model.close();
  }
}

/**
 * PyTorch's (transformers') log-probabilities of the same entries, and the largest |difference|;
 * `topAgreement` is the share of steps where llama.cpp's top token is PyTorch's argmax.
 */
export async function compareWithPyTorch(
  modelDir: string,
  llamaCpp: NextTokenLogprobs,
): Promise<{ maxDifference: number; topAgreement: number }> {
  const queries: number[][] = llamaCpp.tokens.map(() => []);
  for (const step of llamaCpp.steps) queries[step.position] = step.top.map((t) => t.token);
  const reference = JSON.parse(
    await runPythonModule(
      "trainer.tests.reference_logprobs",
      [],
      JSON.stringify({ dir: modelDir, tokens: llamaCpp.tokens, queries }),
    ),
  ) as { logprobs: number[][]; argmax: number[] };
  let maxDifference = 0;
  let agree = 0;
  for (const step of llamaCpp.steps) {
    const row = reference.logprobs[step.position] as number[];
    step.top.forEach((t, i) => {
      maxDifference = Math.max(maxDifference, Math.abs(t.logprob - (row[i] as number)));
    });
    if (step.top[0]?.token === reference.argmax[step.position]) agree++;
  }
  return { maxDifference, topAgreement: agree / llamaCpp.steps.length };
}
