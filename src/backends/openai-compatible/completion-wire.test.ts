import { describe, expect, it } from "vitest";
import type { ModelInfo } from "../language-model.js";
import { completionBody, parseCompletionResponse, parseTokenLogprobs } from "./completion-wire.js";
import { RemoteModelError } from "./remote-model-error.js";

const url = "http://127.0.0.1:1/v1/completions";
const info: ModelInfo = {
  id: "m",
  contextSize: 64,
  vocabularySize: 100,
  bos: 1,
  eos: 2,
  endOfGeneration: [2, 3],
  addBos: true,
  chatTemplate: undefined,
};

describe("parseTokenLogprobs", () => {
  it("reads vLLM's legacy shape with token_id names, dropping the chosen token vLLM adds outside the top k", () => {
    const logprobs = {
      tokens: ["token_id:7", "token_id:9"],
      token_logprobs: [-0.1, -2.5],
      top_logprobs: [
        { "token_id:7": -0.1, "token_id:8": -2.4 },
        { "token_id:4": -0.3, "token_id:5": -1.2, "token_id:9": -2.5 },
      ],
      text_offset: [0, 1],
    };
    expect(parseTokenLogprobs(logprobs, 2, url)).toEqual([
      {
        token: 7,
        logprob: -0.1,
        top: [
          { token: 7, logprob: -0.1 },
          { token: 8, logprob: -2.4 },
        ],
      },
      {
        token: 9,
        logprob: -2.5,
        top: [
          { token: 4, logprob: -0.3 },
          { token: 5, logprob: -1.2 },
        ],
      },
    ]);
    expect(parseTokenLogprobs(logprobs, 0, url).map((step) => step.top)).toEqual([[], []]);
  });

  it("reads llama.cpp's content shape by id, sorting the top list", () => {
    const logprobs = {
      content: [
        {
          id: 12,
          token: "\ufffd",
          bytes: [226],
          logprob: -0.5,
          top_logprobs: [
            { id: 30, token: "x", bytes: [120], logprob: -3 },
            { id: 12, token: "\ufffd", bytes: [226], logprob: -0.5 },
          ],
        },
      ],
    };
    expect(parseTokenLogprobs(logprobs, 5, url)).toEqual([
      {
        token: 12,
        logprob: -0.5,
        top: [
          { token: 12, logprob: -0.5 },
          { token: 30, logprob: -3 },
        ],
      },
    ]);
  });

  it("refuses token text it cannot map to ids, and missing logprobs, saying what the server must do", () => {
    const text = { tokens: ["Hello"], token_logprobs: [-1], top_logprobs: [{ Hello: -1 }] };
    expect(() => parseTokenLogprobs(text, 1, url)).toThrow(RemoteModelError);
    expect(() => parseTokenLogprobs(text, 1, url)).toThrow(/return_tokens_as_token_ids/);
    expect(() => parseTokenLogprobs(null, 1, url)).toThrow(/no logprobs/);
  });

  it("reads finish and stop reasons and cached prompt tokens from a response", () => {
    const choice = parseCompletionResponse(
      {
        choices: [
          {
            text: "ab",
            finish_reason: "stop",
            stop_reason: "</s>",
            logprobs: { tokens: [], token_logprobs: [], top_logprobs: [] },
          },
        ],
        usage: { prompt_tokens: 9, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 4 } },
      },
      url,
      0,
    );
    expect(choice).toMatchObject({
      text: "ab",
      finishReason: "stop",
      stopReason: "</s>",
      promptTokens: 9,
      cachedTokens: 4,
    });
  });
});

describe("completionBody", () => {
  it("appends forced ids to the prompt and asks for ids and at least one logprob, greedy by default", () => {
    const body = completionBody({
      request: { prompt: [1, 5], forced: [6], maxTokens: 8 },
      model: "m",
      info,
      maxTokens: 8,
    });
    expect(body).toMatchObject({
      model: "m",
      prompt: [1, 5, 6],
      max_tokens: 8,
      logprobs: 1,
      return_tokens_as_token_ids: true,
      temperature: 0,
    });
    expect(body).not.toHaveProperty("seed");
    expect(body).not.toHaveProperty("ignore_eos");
    expect(body).not.toHaveProperty("stop_token_ids");
  });

  it("sends sampling settings, stop strings as an array, and explicit stop tokens", () => {
    const body = completionBody({
      request: {
        prompt: [1],
        maxTokens: 4,
        topLogprobs: 3,
        stopStrings: ["\n", ""],
        stopTokens: [9],
        sampling: { temperature: 0.7, seed: 5, topK: 10 },
      },
      model: "m",
      info,
      maxTokens: 4,
    });
    expect(body).toMatchObject({
      logprobs: 3,
      temperature: 0.7,
      seed: 5,
      top_p: 1,
      top_k: 10,
      min_p: 0,
      stop: ["\n"],
      stop_token_ids: [9],
      ignore_eos: true,
    });
    // Stop tokens that include every end token leave the server's own EOS handling alone.
    const withEnds = completionBody({
      request: { prompt: [1], maxTokens: 4, stopTokens: [3, 2, 9] },
      model: "m",
      info,
      maxTokens: 4,
    });
    expect(withEnds).not.toHaveProperty("ignore_eos");
    expect(withEnds.stop_token_ids).toEqual([3, 2, 9]);
  });
});
