import { GenerateRequestError } from "./generate-request-error.js";
import type { GenerateRequest, ModelInfo } from "./language-model.js";

/**
 * Checks requests against a model before any work starts, so a batch fails as a whole with a
 * message naming the bad request rather than half-way through.
 */
export function validateRequests(requests: readonly GenerateRequest[], info: ModelInfo): void {
  requests.forEach((request, requestIndex) => {
    const fail = (field: string, problem: string): never => {
      throw new GenerateRequestError({ requestIndex, field, problem });
    };
    const forced = request.forced ?? [];
    const length = request.prompt.length + forced.length;
    if (length === 0)
      fail("prompt", "prompt and forced tokens are both empty; start the prompt with BOS or any token");
    if (length >= info.contextSize) {
      fail(
        "prompt",
        `${length} prompt and forced tokens leave no room in a ${info.contextSize}-token context; raise contextSize or shorten the prompt`,
      );
    }
    for (const [field, tokens] of [
      ["prompt", request.prompt],
      ["forced", forced],
    ] as const) {
      const bad = tokens.find(
        (token) => !Number.isInteger(token) || token < 0 || token >= info.vocabularySize,
      );
      if (bad !== undefined)
        fail(field, `token ${bad} is outside the vocabulary (0..${info.vocabularySize - 1})`);
    }
    if (!Number.isInteger(request.maxTokens) || request.maxTokens < 0)
      fail("maxTokens", `${request.maxTokens} is not a non-negative integer`);
    const top = request.topLogprobs ?? 0;
    if (!Number.isInteger(top) || top < 0 || top > info.vocabularySize) {
      fail(
        "topLogprobs",
        `${top} is not an integer between 0 and the vocabulary size ${info.vocabularySize}`,
      );
    }
    const sampling = request.sampling;
    if (sampling !== undefined) {
      if (!(sampling.temperature > 0))
        fail(
          "sampling.temperature",
          `${sampling.temperature} is not > 0; leave sampling out for greedy decoding`,
        );
      if (!Number.isInteger(sampling.seed)) fail("sampling.seed", `${sampling.seed} is not an integer`);
      if (sampling.topP !== undefined && !(sampling.topP > 0 && sampling.topP <= 1))
        fail("sampling.topP", `${sampling.topP} is not in (0, 1]`);
      if (sampling.topK !== undefined && !(Number.isInteger(sampling.topK) && sampling.topK >= 0)) {
        fail("sampling.topK", `${sampling.topK} is not a non-negative integer`);
      }
    }
  });
}
