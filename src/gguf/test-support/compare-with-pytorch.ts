import type { NextTokenLogprobs } from "./llama-cpp-logprobs.js";
import { runPythonModule } from "./run-python-module.js";

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
