import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GenerateRequestError } from "../generate-request-error.js";
import type { GenerateRequest, GenerateResult } from "../language-model.js";
import { createTinyGgufModel, type TinyGgufModel } from "../test-support/index.js";
import { LlamaCppLanguageModel } from "./llama-cpp-language-model.js";

let fixture: TinyGgufModel;
let model: LlamaCppLanguageModel;
let prompt: number[];

// One thread: the tiny model is overhead-bound, and tests share the machine with other work.
const load = (sequences: number): Promise<LlamaCppLanguageModel> =>
  LlamaCppLanguageModel.load({ modelPath: fixture.modelPath, sequences, contextSize: 256, threads: 1 });

beforeAll(async () => {
  fixture = await createTinyGgufModel();
  model = await load(4);
  prompt = [model.info.bos as number, ...(await model.tokenize("The weather in Paris is"))];
});
afterAll(async () => {
  await model?.close();
  await fixture?.cleanup();
});

/** The same request on a freshly loaded model: nothing cached, nothing shared. */
async function fromScratch(request: GenerateRequest): Promise<GenerateResult> {
  const fresh = await load(1);
  try {
    const [result] = await fresh.generate([request]);
    return result as GenerateResult;
  } finally {
    await fresh.close();
  }
}

/**
 * Sequences decoded together go through llama.cpp's batched kernels, which round differently from a
 * lone sequence's: on the AVX2-only CPUs of this project's machines by up to 2.2e-4 in a log-prob
 * (measured), so batched results are compared with BATCHED_TOLERANCE; the tokens must still be equal.
 */
const BATCHED_TOLERANCE = 1e-3;

function expectSameResult(actual: GenerateResult, expected: GenerateResult, tolerance = 5e-5): void {
  expect(actual.tokens.map((t) => t.token)).toEqual(expected.tokens.map((t) => t.token));
  expect(actual.text).toBe(expected.text);
  expect(actual.finishReason).toBe(expected.finishReason);
  actual.tokens.forEach((step, i) => {
    const other = expected.tokens[i];
    expect(Math.abs(step.logprob - (other?.logprob as number))).toBeLessThan(tolerance);
    expect(step.top.map((t) => t.token)).toEqual(other?.top.map((t) => t.token));
  });
}

describe("LlamaCppLanguageModel", () => {
  it("describes the model: context, vocabulary, special tokens, chat template", () => {
    const { specialTokens } = fixture.checkpoint.tokenizer;
    expect(model.info).toMatchObject({
      contextSize: 256,
      vocabularySize: fixture.checkpoint.vocabSize,
      bos: specialTokens.bos.id,
      addBos: true,
    });
    expect(model.info.endOfGeneration).toContain(specialTokens.eos.id);
    expect(model.info.chatTemplate).toContain("<|im_start|>");
  });

  it("decodes greedily with top-k log-probabilities that normalise over the vocabulary", async () => {
    const vocabulary = model.info.vocabularySize;
    const [result] = (await model.generate([
      { prompt, maxTokens: 8, topLogprobs: vocabulary, stopTokens: [] },
    ])) as [GenerateResult];
    expect(result.tokens).toHaveLength(8);
    expect(result.finishReason).toBe("max-tokens");
    for (const step of result.tokens) {
      expect(step.top).toHaveLength(vocabulary);
      expect(step.top[0]).toEqual({ token: step.token, logprob: step.logprob });
      const logprobs = step.top.map((t) => t.logprob);
      expect(logprobs).toEqual([...logprobs].sort((a, b) => b - a));
      const max = logprobs[0] as number;
      const logSumExp = max + Math.log(logprobs.reduce((sum, lp) => sum + Math.exp(lp - max), 0));
      expect(Math.abs(logSumExp)).toBeLessThan(1e-4);
    }
    // The tiny model must have real alternatives, or branching tests would prove little.
    expect(result.tokens.some((step) => (step.top[1]?.logprob ?? -99) > -3)).toBe(true);
    // Without alternatives the chosen token's log p comes by a cheaper route; it must agree.
    const [plain] = (await model.generate([{ prompt, maxTokens: 8, stopTokens: [] }])) as [GenerateResult];
    plain.tokens.forEach((step, i) => {
      expect(step.token).toBe(result.tokens[i]?.token);
      expect(step.top).toEqual([]);
      expect(step.logprob).toBeCloseTo(result.tokens[i]?.logprob as number, 5);
    });
  });

  it("branches from forced prefixes by erasing the cache back to the shared prefix, matching runs from scratch", async () => {
    const single = await load(1);
    try {
      const [main] = (await single.generate([{ prompt, maxTokens: 16, topLogprobs: 3, stopTokens: [] }])) as [
        GenerateResult,
      ];
      const greedy = main.tokens.map((t) => t.token);
      expectSameResult(main, await fromScratch({ prompt, maxTokens: 16, topLogprobs: 3, stopTokens: [] }));
      // Branch late, then early, then late again: each branch erases back to what it shares with the cache.
      for (const position of [10, 2, 12]) {
        const alternative = main.tokens[position]?.top[1]?.token as number;
        const request: GenerateRequest = {
          prompt,
          forced: [...greedy.slice(0, position), alternative],
          maxTokens: 6,
          topLogprobs: 3,
          stopTokens: [],
        };
        const before = single.usage();
        const [branch] = (await single.generate([request])) as [GenerateResult];
        const after = single.usage();
        const reused = after.reusedTokens - before.reusedTokens;
        // The cache holds the previous run; the last branch shares only up to the one before it.
        expect(reused).toBe(prompt.length + (position === 12 ? 2 : position));
        // Everything not reused, once, then each generated token but the last fed back.
        expect(after.evaluatedTokens - before.evaluatedTokens).toBe(
          prompt.length + position + 1 - reused + 5,
        );
        expectSameResult(branch, await fromScratch(request));
      }
    } finally {
      await single.close();
    }
  });

  it("decodes several sequences together with the same results as one at a time", async () => {
    const requests: GenerateRequest[] = [
      { prompt, maxTokens: 10, topLogprobs: 2, stopTokens: [] },
      { prompt: prompt.slice(0, 3), maxTokens: 7, topLogprobs: 2, stopTokens: [] },
      { prompt, forced: [65, 66], maxTokens: 9, topLogprobs: 2, stopTokens: [] },
      { prompt: [model.info.bos as number, 84, 104], maxTokens: 12, topLogprobs: 2, stopTokens: [] },
      { prompt: [model.info.bos as number, 72], maxTokens: 5, topLogprobs: 2, stopTokens: [] },
    ];
    const together = await model.generate(requests);
    const single = await load(1);
    try {
      for (const [i, request] of requests.entries()) {
        const [alone] = (await single.generate([request])) as [GenerateResult];
        expectSameResult(together[i] as GenerateResult, alone, BATCHED_TOLERANCE);
      }
    } finally {
      await single.close();
    }
  });

  it("stops at a stop token, at a stop string, or at maxTokens", async () => {
    const [main] = (await model.generate([{ prompt, maxTokens: 12, stopTokens: [] }])) as [GenerateResult];
    const tokens = main.tokens.map((t) => t.token);
    const stopToken = tokens[5] as number;
    const [byToken] = (await model.generate([{ prompt, maxTokens: 12, stopTokens: [stopToken] }])) as [
      GenerateResult,
    ];
    const first = tokens.indexOf(stopToken);
    expect(byToken.finishReason).toBe("stop-token");
    expect(byToken.tokens.map((t) => t.token)).toEqual(tokens.slice(0, first + 1));
    expect(byToken.text).toBe(await model.detokenize(tokens.slice(0, first)));

    const needle = (await model.detokenize(tokens.slice(6, 8))).slice(0, 2);
    const [byString] = (await model.generate([
      { prompt, maxTokens: 12, stopTokens: [], stopStrings: ["\u0000never", needle] },
    ])) as [GenerateResult];
    expect(byString).toMatchObject({
      finishReason: "stop-string",
      stopString: needle,
      text: main.text.slice(0, main.text.indexOf(needle)),
    });

    const [none] = (await model.generate([{ prompt, forced: [72, 105], maxTokens: 0 }])) as [GenerateResult];
    expect(none).toEqual({ tokens: [], text: "Hi", finishReason: "max-tokens" });
  });

  it("ends with context-full when the sequence fills up, its cache still right for the next request", async () => {
    // f32 cache, no flash attention: a reused prefix then computes what a fresh evaluation does to ~1e-5.
    const exact = () =>
      LlamaCppLanguageModel.load({
        modelPath: fixture.modelPath,
        sequences: 1,
        contextSize: 256,
        threads: 1,
        kvCache: "f32",
        flashAttention: false,
      });
    const single = await exact();
    const fresh = await exact();
    try {
      const long = Array.from({ length: 250 }, (_, i) => 65 + (i % 26));
      const [result] = (await single.generate([{ prompt: long, maxTokens: 20, stopTokens: [] }])) as [
        GenerateResult,
      ];
      expect(result.finishReason).toBe("context-full");
      // Prompt and generated tokens fill the context; the last generated token is never evaluated.
      expect(long.length + result.tokens.length).toBe(256);
      // Nothing of the prompt was erased to make room (llama.cpp's context shift): a request reusing
      // the cached prefix computes what it computes from scratch.
      const next: GenerateRequest = {
        prompt: long.slice(0, 200),
        maxTokens: 8,
        topLogprobs: 3,
        stopTokens: [],
      };
      const before = single.usage();
      const [reusing] = (await single.generate([next])) as [GenerateResult];
      expect(single.usage().reusedTokens - before.reusedTokens).toBe(199);
      expectSameResult(reusing, (await fresh.generate([next]))[0] as GenerateResult);
    } finally {
      await single.close();
      await fresh.close();
    }
  });

  it("forgets its cache on clearCache, only between calls", async () => {
    const single = await load(1);
    try {
      const request: GenerateRequest = { prompt, maxTokens: 4, stopTokens: [] };
      await single.generate([request]);
      const running = single.generate([request]);
      await expect(single.clearCache()).rejects.toThrow("between generate calls");
      await running;
      await single.clearCache();
      const before = single.usage();
      await single.generate([request]);
      expect(single.usage().reusedTokens - before.reusedTokens).toBe(0);
    } finally {
      await single.close();
    }
  });

  it("samples reproducibly per seed, whatever else is in the batch", async () => {
    const request = (seed: number): GenerateRequest => ({
      prompt,
      maxTokens: 12,
      stopTokens: [],
      sampling: { temperature: 1.5, seed },
      topLogprobs: 2,
    });
    const [a, b] = (await model.generate([request(1), request(2)])) as [GenerateResult, GenerateResult];
    const [again] = (await model.generate([request(1)])) as [GenerateResult];
    expect(again.tokens.map((t) => t.token)).toEqual(a.tokens.map((t) => t.token));
    expect(b.tokens.map((t) => t.token)).not.toEqual(a.tokens.map((t) => t.token));
    const [greedy] = (await model.generate([{ prompt, maxTokens: 12, stopTokens: [] }])) as [GenerateResult];
    expect(a.tokens.map((t) => t.token)).not.toEqual(greedy.tokens.map((t) => t.token));
    for (const step of a.tokens) expect(step.logprob).toBeLessThanOrEqual(0);
  });

  it("forces a garbage collection once the steps' sampler memory reaches its budget", async () => {
    const vocabularyBytes = fixture.checkpoint.vocabSize * 12;
    // A budget of 3 steps' sampler arrays: 9 single-sequence steps force 3 collections.
    const budgeted = await LlamaCppLanguageModel.load({
      modelPath: fixture.modelPath,
      sequences: 1,
      contextSize: 256,
      threads: 1,
      samplerMemoryBudget: 3 * vocabularyBytes,
    });
    try {
      await budgeted.generate([{ prompt, maxTokens: 9, stopTokens: [] }]);
      expect(budgeted.forcedCollections).toBe(3);
    } finally {
      await budgeted.close();
    }
  });

  it("detokenizes exactly, without llama.cpp's whitespace clean-up", async () => {
    for (const text of ["Hello , world . It 's", "  x\t\ny  ", "héllo 東京 🚀", '{"a": [1, 2]}']) {
      expect(await model.detokenize(await model.tokenize(text))).toBe(text);
    }
    const eot = fixture.checkpoint.tokenizer.specialTokens.eos;
    expect(await model.detokenize([72, eot.id, 105])).toBe("Hi");
    expect(await model.detokenize([72, eot.id, 105], { specialTokens: true })).toBe(`H${eot.content}i`);
  });

  it("refuses bad requests before running any, naming the request and field", async () => {
    const ok: GenerateRequest = { prompt, maxTokens: 2 };
    await expect(model.generate([ok, { prompt: [1, 99999], maxTokens: 2 }])).rejects.toThrow(
      GenerateRequestError,
    );
    await expect(model.generate([ok, { prompt: [1, 99999], maxTokens: 2 }])).rejects.toThrow(
      "request 1, 'prompt': token 99999 is outside",
    );
    await expect(model.generate([{ prompt: new Array(300).fill(65), maxTokens: 2 }])).rejects.toThrow(
      "raise contextSize",
    );
    await expect(
      model.generate([{ prompt, maxTokens: 2, sampling: { temperature: 0, seed: 1 } }]),
    ).rejects.toThrow("leave sampling out");
  });

  it("rejects running and queued requests when closed", async () => {
    const closing = await load(1);
    const running = closing.generate([
      { prompt, maxTokens: 500, stopTokens: [] },
      { prompt, maxTokens: 5 },
    ]);
    setTimeout(() => void closing.close(), 5);
    await expect(running).rejects.toThrow("closed");
    await expect(closing.generate([{ prompt, maxTokens: 1 }])).rejects.toThrow("closed");
  });

  it("aborts a call on request and stays usable", async () => {
    const controller = new AbortController();
    const running = model.generate(
      Array.from({ length: 8 }, () => ({ prompt, maxTokens: 200, stopTokens: [] })),
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(new Error("stop now")), 5);
    await expect(running).rejects.toThrow("stop now");
    const [after] = (await model.generate([{ prompt, maxTokens: 6, stopTokens: [] }])) as [GenerateResult];
    expectSameResult(after, await fromScratch({ prompt, maxTokens: 6, stopTokens: [] }));
  });
});
