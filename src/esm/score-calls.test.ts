import { describe, expect, it } from "vitest";
import { referenceFromCall, referenceFromPossibleAnswer } from "../reference/index.js";
import type { ParseResult } from "../tool-calls/parse-result.js";
import type { ToolCall } from "../tool-calls/tool-call.js";
import type { Toolset } from "../tools/tool-definition.js";
import { scoreCalls } from "./score-calls.js";
import { resolveProfile } from "./scoring-profile.js";

const tools: Toolset = [
  {
    type: "function",
    function: {
      name: "get_weather",
      parameters: {
        type: "object",
        properties: {
          city: { type: "string" },
          unit: { type: "string", enum: ["c", "f"] },
          days: { type: "integer" },
        },
        required: ["city"],
      },
    },
  },
];

const calls = (...list: ToolCall[]): ParseResult => ({ type: "calls", calls: list, syntax: "json" });
const weather = (args: ToolCall["arguments"], extra: Partial<ToolCall> = {}): ToolCall => ({
  name: "get_weather",
  arguments: args,
  ...extra,
});
const reference = [referenceFromCall(weather({ city: "Paris", unit: "c", days: 3 }))];
const score = (result: ParseResult, ref = reference) => scoreCalls({ result, reference: ref, tools });
const errorTypes = (result: ParseResult, ref = reference) => score(result, ref).errors.map((e) => e.type);

describe("scoreCalls, default profile (name 3, required 3, keys 1, types 2, values 2; /11)", () => {
  it("gives 1 and no error to the reference itself", () => {
    expect(score(calls(weather({ city: "Paris", unit: "c", days: 3 })))).toEqual({
      score: 1,
      errors: [],
      matches: [{ call: 0, reference: 0, score: 1 }],
    });
  });

  it("gives case-insensitive credit 0.75 to one of three values: (3+3+1+2+2*(2.75/3))/11", () => {
    const result = score(calls(weather({ city: "PARIS", unit: "c", days: 3 })));
    expect(result.score).toBeCloseTo((9 + (2 * 2.75) / 3) / 11, 10);
    expect(result.errors).toEqual([
      { type: "value_error", path: "$[0].arguments.city", message: 'got "PARIS", expected "Paris"' },
    ]);
  });

  it("gives substring credit 0.5: (9+2*(2.5/3))/11", () => {
    const result = score(calls(weather({ city: "Paris, France", unit: "c", days: 3 })));
    expect(result.score).toBeCloseTo((9 + (2 * 2.5) / 3) / 11, 10);
  });

  it("charges a missing required argument in both the required and the values part", () => {
    // required 2/3 present -> 2; keys 1; types 2; values 2/3 -> 4/3; name 3.
    const result = score(calls(weather({ unit: "c", days: 3 })));
    expect(result.score).toBeCloseTo((3 + 2 + 1 + 2 + 4 / 3) / 11, 10);
    expect(result.errors.map((e) => [e.type, e.path])).toEqual([["missing_required", "$[0].arguments.city"]]);
  });

  it("scores a wrong name 8/11 when the arguments are right", () => {
    const result = score(calls({ name: "get_forecast", arguments: { city: "Paris", unit: "c", days: 3 } }));
    expect(result.score).toBeCloseTo(8 / 11, 10);
    expect(result.errors).toEqual([
      { type: "wrong_name", path: "$[0].name", message: "called 'get_forecast', expected 'get_weather'" },
    ]);
  });

  it("reports a type error, not also a value error: types 2/3, values 2/3", () => {
    const result = score(calls(weather({ city: "Paris", unit: "c", days: "3" })));
    expect(result.score).toBeCloseTo((3 + 3 + 1 + 4 / 3 + 4 / 3) / 11, 10);
    expect(errorTypes(calls(weather({ city: "Paris", unit: "c", days: "3" })))).toEqual(["type_error"]);
  });

  it("treats a Python float 3.0 as a type error for an integer parameter", () => {
    const call = weather({ city: "Paris", unit: "c", days: 3 }, { pythonTypes: { "$.days": "float" } });
    const result = score(calls(call));
    expect(result.errors.map((e) => [e.type, e.message])).toEqual([
      ["type_error", 'expected "integer", got number (float)'],
    ]);
    // The value itself is right: only the types part loses 1/3.
    expect(result.score).toBeCloseTo((3 + 3 + 1 + 4 / 3 + 2) / 11, 10);
  });

  it("charges an unknown argument in the keys part only: keys 3/4", () => {
    const result = score(calls(weather({ city: "Paris", unit: "c", days: 3, lang: "en" })));
    expect(result.score).toBeCloseTo((3 + 3 + 0.75 + 2 + 2) / 11, 10);
    expect(result.errors.map((e) => [e.type, e.path])).toEqual([["unexpected_param", "$[0].arguments.lang"]]);
  });

  it("accepts any of several values and lets an optional argument be left out (BFCL form)", () => {
    const ref = [
      referenceFromPossibleAnswer({ get_weather: { city: ["Paris", "Paris, France"], unit: ["c", ""] } }),
    ];
    expect(score(calls(weather({ city: "Paris, France" })), ref).score).toBe(1);
    expect(score(calls(weather({ city: "Paris", unit: "c" })), ref).score).toBe(1);
    // unit given but wrong: values (1+0)/2 -> 1
    expect(score(calls(weather({ city: "Paris", unit: "f" })), ref).score).toBeCloseTo(10 / 11, 10);
  });

  it("compares dict arguments key by key against a pattern of accepted values", () => {
    const ref = [
      referenceFromPossibleAnswer({ book: { guest: [{ name: ["Ann", "Anne"], age: ["", 30] }] } }),
    ];
    const book = (guest: ToolCall["arguments"]) => calls({ name: "book", arguments: { guest } });
    expect(scoreCalls({ result: book({ name: "Anne" }), reference: ref }).score).toBe(1);
    // age present and wrong: pattern credit (1 + 0) / 2 -> values 1 of 2
    expect(scoreCalls({ result: book({ name: "Anne", age: 31 }), reference: ref }).score).toBeCloseTo(
      10 / 11,
      10,
    );
  });
});

describe("scoreCalls over several calls", () => {
  const f = (a: number): ToolCall => ({ name: "f", arguments: { a } });
  const g = (b: number): ToolCall => ({ name: "g", arguments: { b } });
  const parallel = [referenceFromCall(f(1)), referenceFromCall(g(2))];

  it("costs nothing when parallel calls are swapped", () => {
    const result = scoreCalls({ result: calls(g(2), f(1)), reference: parallel });
    expect(result.score).toBe(1);
    expect(result.matches).toEqual([
      { call: 0, reference: 1, score: 1 },
      { call: 1, reference: 0, score: 1 },
    ]);
  });

  it("costs one wrong call exactly its own shortfall: (1 + 9/11) / 2", () => {
    const result = scoreCalls({ result: calls(f(1), g(3)), reference: parallel });
    expect(result.score).toBeCloseTo((1 + 9 / 11) / 2, 10);
    expect(result.errors.map((e) => [e.type, e.path])).toEqual([["value_error", "$[1].arguments.b"]]);
  });

  it("names a missing call and scores 1/2", () => {
    const result = scoreCalls({ result: calls(f(1)), reference: parallel });
    expect(result.score).toBe(0.5);
    expect(result.errors.map((e) => e.type)).toEqual(["missing_call"]);
  });

  it("names an extra call and scores 2/3", () => {
    const result = scoreCalls({ result: calls(f(1), g(2), g(2)), reference: parallel });
    expect(result.score).toBeCloseTo(2 / 3, 10);
    expect(result.errors).toEqual([
      { type: "extra_call", path: "$[2]", message: "call to 'g' matches no reference call" },
    ]);
  });

  it("with order enforced, a swap keeps one match and costs the other call", () => {
    const result = scoreCalls({ result: calls(g(2), f(1)), reference: parallel, order: "enforced" });
    expect(result.score).toBe(0.5);
    expect(result.errors.map((e) => e.type).sort()).toEqual(["extra_call", "missing_call"]);
  });

  it("scores no call where calls were expected as 0 with no_call", () => {
    const result = scoreCalls({ result: { type: "no_call", text: "Sure." }, reference: parallel });
    expect(result).toMatchObject({ score: 0, errors: [{ type: "no_call", path: "$" }] });
  });

  it("scores a call where none was expected as 0 with irrelevant_call, and silence as 1", () => {
    expect(scoreCalls({ result: calls(f(1)), reference: [] })).toMatchObject({
      score: 0,
      errors: [{ type: "irrelevant_call", path: "$[0]" }],
    });
    expect(scoreCalls({ result: { type: "no_call", text: "I cannot." }, reference: [] }).score).toBe(1);
  });

  it("scores unparseable output as 0 with format_error, reason and offset", () => {
    const result = scoreCalls({
      result: { type: "format_error", reason: "unterminated string", offset: 7 },
      reference: parallel,
    });
    expect(result).toEqual({
      score: 0,
      errors: [{ type: "format_error", path: "$", message: "unterminated string (at offset 7)" }],
      matches: [],
    });
  });
});

describe("scoring profiles", () => {
  it("changes the score when a weight changes", () => {
    const profile = resolveProfile({ weights: { name: 0 } });
    const result = scoreCalls({
      result: calls({ name: "get_forecast", arguments: { city: "Paris", unit: "c", days: 3 } }),
      reference,
      tools,
      profile,
    });
    expect(result.score).toBe(1);
  });

  it("rejects unknown fields and non-numbers with the field named", () => {
    expect(() => resolveProfile({ weights: { nmae: 1 } })).toThrow("scoring profile field 'weights.nmae'");
    expect(() => resolveProfile({ threshold: "high" })).toThrow("'threshold': must be a number >= 0");
    expect(() => resolveProfile({ weights: { name: 0, required: 0, keys: 0, types: 0, values: 0 } })).toThrow(
      "at least one must be > 0",
    );
  });
});

describe("references that depart from the schema", () => {
  it("accepts a value of the same kind as an accepted one (BFCL's None for a string parameter)", () => {
    const ref = [referenceFromPossibleAnswer({ get_weather: { city: ["Paris"], unit: ["", null] } })];
    const result = scoreCalls({
      result: calls(weather({ city: "Paris", unit: null })),
      reference: ref,
      tools,
    });
    expect(result).toMatchObject({ score: 1, errors: [] });
    const wrong = scoreCalls({ result: calls(weather({ city: "Paris", unit: 5 })), reference: ref, tools });
    expect(wrong.errors.map((e) => e.type)).toEqual(["type_error"]);
  });
});
