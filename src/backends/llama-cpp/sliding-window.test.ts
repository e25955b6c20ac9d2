import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerateRequest, GenerateResult, TokenId } from "../language-model.js";
import { gemma3Gguf } from "../test-support/index.js";
import { LlamaCppLanguageModel } from "./llama-cpp-language-model.js";

// The real Gemma 3 270M: 5 of every 6 layers attend over a 512-token sliding window. llama.cpp's
// window-sized cache holds n_swa + batch size (512 + 513, padded to 1280) positions, so a prompt
// of about 1800 tokens makes it drop the oldest.
let modelPath: string;
let prompt: TokenId[];
const open: LlamaCppLanguageModel[] = [];

const load = async (swaFullCache?: boolean): Promise<LlamaCppLanguageModel> => {
  const model = await LlamaCppLanguageModel.load({
    modelPath,
    sequences: 1,
    contextSize: 4096,
    threads: 2,
    ...(swaFullCache === undefined ? {} : { swaFullCache }),
  });
  open.push(model);
  return model;
};

beforeAll(async () => {
  modelPath = await gemma3Gguf();
  const model = await load();
  const lines = Array.from(
    { length: 110 },
    (_, i) =>
      `Order ${i + 1}: ${(i * 37) % 11} crates of ${["pears", "nails", "paper", "rope"][i % 4]} to dock ${i % 7}.`,
  );
  prompt = [model.info.bos as number, ...(await model.tokenize(lines.join("\n")))];
}, 300_000);
afterAll(async () => {
  await Promise.all(open.map((model) => model.close()));
});

/** Runs one request and returns it with what the cache served and what llama.cpp's meter counted. */
async function measured(model: LlamaCppLanguageModel, request: GenerateRequest) {
  const before = model.usage();
  const [result] = (await model.generate([request])) as [GenerateResult];
  const after = model.usage();
  return {
    result,
    reused: after.reusedTokens - before.reusedTokens,
    evaluated: after.evaluatedTokens - before.evaluatedTokens,
  };
}

describe("llama.cpp backend on a sliding-window model (Gemma 3 270M)", () => {
  it("reuses prefixes of a prompt longer than the window: only the new tokens are evaluated", async () => {
    expect(prompt.length).toBeGreaterThan(1280 + 400);
    const model = open[0] as LlamaCppLanguageModel;
    const [main] = (await model.generate([{ prompt, maxTokens: 4, topLogprobs: 2, stopTokens: [] }])) as [
      GenerateResult,
    ];
    const question = await model.tokenize("\nOrder 151: how many crates?");
    const requests: Array<{ request: GenerateRequest; shared: number }> = [
      // predict: the same long prompt (system turn, tools), then a new question
      { request: { prompt: [...prompt, ...question], maxTokens: 3, stopTokens: [] }, shared: prompt.length },
      // TPS: a branch forced from the greedy completion, after a cache that went on past it
      {
        request: {
          prompt,
          forced: [main.tokens[0]?.token as number, main.tokens[1]?.top[1]?.token as number],
          maxTokens: 3,
          topLogprobs: 2,
          stopTokens: [],
        },
        shared: prompt.length + 1,
      },
      // a prefix far older than the window: what a window-sized cache has dropped by now
      {
        request: { prompt: [...prompt.slice(0, 400), ...question], maxTokens: 3, stopTokens: [] },
        shared: 400,
      },
    ];
    for (const { request, shared } of requests) {
      const { result, reused, evaluated } = await measured(model, request);
      const full = request.prompt.length + (request.forced?.length ?? 0);
      // At least the shared prefix comes from the cache (more where the new tokens happen to be what
      // the model generated last time), and llama.cpp's own meter counts the rest, once, then each
      // generated token but the last fed back. Re-evaluating the prefix would add `reused` tokens.
      expect(reused).toBeGreaterThanOrEqual(shared);
      expect(evaluated).toBe(full - reused + request.maxTokens - 1);
      if (shared === 400) {
        // And the cut-back cache computes what a fresh model does. Not to the last digit: the prefix
        // was evaluated in other batch shapes, which changes the quantized kernels' rounding.
        const [expected] = (await (await load()).generate([request])) as [GenerateResult];
        expect(result.tokens.map((t) => t.token)).toEqual(expected.tokens.map((t) => t.token));
        result.tokens.forEach((step, i) => {
          expect(Math.abs(step.logprob - (expected.tokens[i]?.logprob as number))).toBeLessThan(0.05);
        });
      }
    }
  }, 600_000);

  it("counts the silent re-evaluation a window-sized cache causes (swaFullCache off)", async () => {
    const windowed = await load(false);
    await windowed.generate([{ prompt, maxTokens: 2, stopTokens: [] }]);
    const request = { prompt: [...prompt.slice(0, 400), 236770], maxTokens: 2, stopTokens: [] };
    const { reused, evaluated } = await measured(windowed, request);
    expect(reused).toBe(400);
    // The whole reused prefix went through the model again.
    expect(evaluated).toBe(400 + 1 + 1);
  }, 600_000);
});
