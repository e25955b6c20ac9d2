import { describe, expect, it } from "vitest";
import { evalTargets } from "../dataset/index.js";
import { referenceFromPossibleAnswer } from "../reference/index.js";
import { messageFromReference } from "./reference-message.js";
import { resolveTpsOptions } from "./sample-token-level.js";
import { samplingItems } from "./sampling-items.js";
import { SamplingOptionError } from "./sampling-option-error.js";
import { scoreOutput } from "./score-output.js";
import { TPS_RECORDS } from "./test-support/tps-records.js";

describe("messageFromReference", () => {
  it("writes the first accepted value of each argument, leaving out optional ones that accept nothing else", () => {
    const reference = [
      referenceFromPossibleAnswer({
        get_weather: {
          city: ["Paris", "paris"],
          unit: ["", "celsius"],
          days: [""],
          filter: [{ min: [1, 2] }],
        },
      }),
    ];
    const message = messageFromReference(reference);
    expect(message?.tool_calls?.[0]?.function).toEqual({
      name: "get_weather",
      arguments: JSON.stringify({ city: "Paris", unit: "celsius", filter: { min: 1 } }),
    });
    expect(scoreOutput({ output: message, target: { reference, tools: [] } }).score).toBe(1);
    expect(messageFromReference([])).toBeUndefined();
  });
});

describe("samplingItems", () => {
  it("takes each turn's reference answer from its record, and builds one for bare targets", () => {
    const items = samplingItems({ records: TPS_RECORDS });
    expect(items.map((item) => item.target.id)).toEqual(["r1", "r2#1", "r2#2", "r3", "r4"]);
    expect(items[2]?.referenceMessage).toBe(TPS_RECORDS[1]?.messages[6]);
    expect(items[4]?.referenceMessage?.content).toContain("under the weather");
    const bare = samplingItems({ targets: TPS_RECORDS.flatMap(evalTargets) });
    expect(bare[0]?.referenceMessage?.tool_calls?.[0]?.function).toEqual({
      name: "get_weather",
      arguments: '{"city":"Paris"}',
    });
    expect(bare[4]?.referenceMessage).toBeUndefined();
    expect(() => samplingItems({})).toThrow(/either records or targets/);
  });
});

describe("resolveTpsOptions", () => {
  it("applies the documented defaults and rejects values out of range", () => {
    expect(resolveTpsOptions()).toEqual({
      topK: 5,
      minProbability: 0.05,
      branchBudget: 8,
      formatShare: 0.25,
      pairsPerTurn: 4,
      threshold: 0.8,
      maxTokens: 256,
      seed: 1,
      stopAtCallEnd: true,
    });
    expect(resolveTpsOptions({}, 0.9).threshold).toBe(0.9);
    expect(() => resolveTpsOptions({ topK: 0 })).toThrow(SamplingOptionError);
    expect(() => resolveTpsOptions({ minProbability: 0 })).toThrow(/minProbability/);
    expect(() => resolveTpsOptions({ formatShare: 1.5 })).toThrow(/formatShare/);
    expect(() => resolveTpsOptions({ maxTokens: 2.5 })).toThrow(/whole number/);
  });
});
