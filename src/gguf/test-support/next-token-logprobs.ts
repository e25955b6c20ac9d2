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

export interface PyTorchComparison {
  /** Largest |llama.cpp − PyTorch| log-probability over every entry llama.cpp reported. */
  readonly maxDifference: number;
  /** Steps where llama.cpp's top token is not PyTorch's argmax, with llama.cpp's lead of its top token over the next. */
  readonly disagreements: Array<{ position: number; lead: number }>;
  readonly steps: number;
}

/** PyTorch's (transformers') log-probabilities of the same entries, from one Python process. */
export async function compareWithPyTorch(
  modelDir: string,
  llamaCpp: readonly NextTokenLogprobs[],
): Promise<PyTorchComparison> {
  const sequences = llamaCpp.map((run) => {
    const queries: number[][] = run.tokens.map(() => []);
    for (const step of run.steps) queries[step.position] = step.top.map((t) => t.token);
    return { tokens: run.tokens, queries };
  });
  const reference = JSON.parse(
    await runPythonModule(
      "trainer.tests.reference_logprobs",
      [],
      JSON.stringify({ dir: modelDir, sequences }),
    ),
  ) as Array<{ logprobs: number[][]; argmax: number[] }>;
  let maxDifference = 0;
  let steps = 0;
  const disagreements: Array<{ position: number; lead: number }> = [];
  llamaCpp.forEach((run, n) => {
    const { logprobs, argmax } = reference[n] as { logprobs: number[][]; argmax: number[] };
    for (const step of run.steps) {
      const row = logprobs[step.position] as number[];
      step.top.forEach((t, i) => {
        maxDifference = Math.max(maxDifference, Math.abs(t.logprob - (row[i] as number)));
      });
      const [first, second] = step.top;
      if (first?.token !== argmax[step.position])
        disagreements.push({ position: step.position, lead: (first?.logprob ?? 0) - (second?.logprob ?? 0) });
      steps++;
    }
  });
  return { maxDifference, disagreements, steps };
}
