import { describe, expect, it } from "vitest";
import type { JsonObject } from "../json/json-value.js";
import type { ReferenceCall } from "../reference/index.js";
import { type ParseResult, parseToolCalls, type ToolCall } from "../tool-calls/index.js";
import type { Toolset } from "../tools/index.js";
import { type BfclVerdict, bfclRule, checkBfcl } from "./check-bfcl.js";
import { callsResult, groundTruthCalls, referenceOf, sampleRecord } from "./test-support/bfcl-sample.js";

/** Checks `result` against sample entry `id`, with the entry's own tools, answer and category. */
async function check(id: string, result: ParseResult | ToolCall[]): Promise<BfclVerdict> {
  const record = await sampleRecord(id);
  const parsed = Array.isArray(result) ? callsResult(result) : result;
  return checkBfcl({
    tools: record.tools,
    reference: referenceOf(record),
    result: parsed,
    category: record.meta.category,
  });
}

/** The entry's reference calls, the `index`-th with `patch` applied (undefined values delete). */
async function answer(id: string, patch: Record<string, unknown> = {}, index = 0): Promise<ToolCall[]> {
  const calls = groundTruthCalls(await sampleRecord(id));
  const call = calls[index]!;
  const args: JsonObject = { ...call.arguments };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete args[key];
    else args[key] = value as JsonObject[string];
  }
  calls[index] = { ...call, arguments: args };
  return calls;
}

function expectInvalid(verdict: BfclVerdict, errorType: string): void {
  expect(verdict.valid).toBe(false);
  expect(verdict.errorType).toBe(errorType);
  expect(verdict.errors.length).toBeGreaterThan(0);
}

describe("checkBfcl: simple (simple_python_0: calculate_triangle_area(base=10, height=5, unit='units'|omitted))", () => {
  it("accepts the reference call, and the optional unit left out", async () => {
    expect(await check("simple_python_0", await answer("simple_python_0"))).toEqual({
      valid: true,
      errors: [],
    });
    expect((await check("simple_python_0", await answer("simple_python_0", { unit: undefined }))).valid).toBe(
      true,
    );
  });

  it("rejects a wrong function name", async () => {
    const calls = await answer("simple_python_0");
    calls[0] = { ...calls[0]!, name: "calculate_triangle_areas" };
    expectInvalid(await check("simple_python_0", calls), "simple_function_checker:wrong_func_name");
  });

  it("rejects a missing required parameter", async () => {
    const verdict = await check("simple_python_0", await answer("simple_python_0", { height: undefined }));
    expectInvalid(verdict, "simple_function_checker:missing_required");
    expect(verdict.errors).toEqual(["Missing required parameter: 'height'."]);
  });

  it("rejects a parameter outside the schema", async () => {
    const verdict = await check("simple_python_0", await answer("simple_python_0", { color: "red" }));
    expectInvalid(verdict, "simple_function_checker:unexpected_param");
  });

  it("rejects a string for an integer", async () => {
    const verdict = await check("simple_python_0", await answer("simple_python_0", { base: "10" }));
    expectInvalid(verdict, "type_error:simple");
    expect(verdict.errors[0]).toBe(
      "Incorrect type for parameter 'base'. Expected type integer, got str. Parameter value: '10'.",
    );
  });

  it("rejects one call too many", async () => {
    const calls = await answer("simple_python_0");
    expectInvalid(
      await check("simple_python_0", [...calls, calls[0]!]),
      "simple_function_checker:wrong_count",
    );
  });

  it('accepts unit="" because BFCL compares the optional marker "" as a string too', async () => {
    expect((await check("simple_python_0", await answer("simple_python_0", { unit: "" }))).valid).toBe(true);
  });
});

describe("checkBfcl: types", () => {
  it("rejects 5.0 for an integer (simple_python_1: math.factorial(number=5))", async () => {
    const calls = await answer("simple_python_1");
    calls[0] = { ...calls[0]!, pythonTypes: { "$.number": "float" } };
    expectInvalid(await check("simple_python_1", calls), "type_error:simple");
  });

  it("rejects True for an integer: bool is not int (simple_python_1)", async () => {
    expectInvalid(
      await check("simple_python_1", await answer("simple_python_1", { number: true })),
      "type_error:simple",
    );
  });

  it("accepts an int for a float (multiple_6: K accepts 1.0)", async () => {
    const calls = await answer("multiple_6");
    calls[0] = { ...calls[0]!, pythonTypes: {} };
    expect(calls[0].arguments.K).toBe(1);
    expect((await check("multiple_6", calls)).valid).toBe(true);
  });

  it("does not promote ints inside a list of floats (simple_python_13: interval=[1.0, 3.0])", async () => {
    expect((await check("simple_python_13", await answer("simple_python_13"))).valid).toBe(true);
    const ints = await answer("simple_python_13");
    ints[0] = { ...ints[0]!, pythonTypes: {} };
    expectInvalid(await check("simple_python_13", ints), "type_error:nested");
  });

  it("accepts a tuple or a list for a tuple parameter (multiple_5: coordinates)", async () => {
    const asTuple = await answer("multiple_5");
    asTuple[0] = { ...asTuple[0]!, pythonTypes: { "$.coordinates": "tuple" } };
    expect((await check("multiple_5", asTuple)).valid).toBe(true);
    expect((await check("multiple_5", await answer("multiple_5"))).valid).toBe(true);
  });

  it("rejects a tuple for an array parameter (multiple_3: pointA=[3, 4])", async () => {
    const calls = await answer("multiple_3");
    calls[0] = { ...calls[0]!, pythonTypes: { "$.pointA": "tuple" } };
    expectInvalid(await check("multiple_3", calls), "type_error:simple");
  });

  it("applies the is_variable rule: answers of another type are compared exactly (live_simple_30-8-0)", async () => {
    // filterName is a string parameter whose answers are "" or None: a None passes, and any other
    // string is compared with the answers as is, not normalised, so it fails as value_error:others.
    expect(
      (await check("live_simple_30-8-0", await answer("live_simple_30-8-0", { filterName: null }))).valid,
    ).toBe(true);
    const named = await check(
      "live_simple_30-8-0",
      await answer("live_simple_30-8-0", { filterName: "name" }),
    );
    expectInvalid(named, "value_error:others");
  });

  it("accepts a variable name written as a string for an array (parallel_multiple_21: x=data['sales'])", async () => {
    const variable = await answer("parallel_multiple_21", { x: "data['sales']" }, 1);
    expect((await check("parallel_multiple_21", variable)).valid).toBe(true);
    const shouted = await answer("parallel_multiple_21", { x: "DATA['SALES']" }, 1);
    expectInvalid(
      await check("parallel_multiple_21", shouted),
      "parallel_function_checker_no_order:cannot_find_match",
    );
  });
});

describe("checkBfcl: values", () => {
  it("normalises strings: 'new york ny' equals 'New York, NY' (simple_python_35)", async () => {
    expect(
      (await check("simple_python_35", await answer("simple_python_35", { location: "new york ny" }))).valid,
    ).toBe(true);
  });

  it("rejects a string that differs after normalisation (simple_python_35)", async () => {
    const verdict = await check(
      "simple_python_35",
      await answer("simple_python_35", { location: "Boston, MA" }),
    );
    expectInvalid(verdict, "value_error:string");
  });

  it("compares lists in order (multiple_3: pointA=[3, 4])", async () => {
    expectInvalid(
      await check("multiple_3", await answer("multiple_3", { pointA: [4, 3] })),
      "value_error:list/tuple",
    );
  });

  it("compares dicts key by key (multiple_8: budget={min: 300000, max: 400000})", async () => {
    expect((await check("multiple_8", await answer("multiple_8"))).valid).toBe(true);
    const wrongValue = await answer("multiple_8", { budget: { min: 300000, max: 500000 } });
    expectInvalid(await check("multiple_8", wrongValue), "value_error:dict_value");
    const missingKey = await answer("multiple_8", { budget: { min: 300000 } });
    expectInvalid(await check("multiple_8", missingKey), "value_error:dict_key");
  });

  it("rejects other values (value_error:others) (simple_python_0: base=11)", async () => {
    expectInvalid(
      await check("simple_python_0", await answer("simple_python_0", { base: 11 })),
      "value_error:others",
    );
  });

  it("rejects an answer parameter left out that the answer does not mark optional (simple_python_5: root_type)", async () => {
    const verdict = await check("simple_python_5", await answer("simple_python_5", { root_type: undefined }));
    expectInvalid(verdict, "simple_function_checker:missing_optional");
    expect(verdict.errors).toEqual([
      "Optional parameter 'root_type' not provided and not marked as optional.",
    ]);
  });
});

describe("checkBfcl: multiple and parallel", () => {
  it("rejects the wrong function of the set (multiple_0)", async () => {
    const calls = await answer("multiple_0");
    calls[0] = { name: "circle_properties.get", arguments: { radius: 5 } };
    expectInvalid(await check("multiple_0", calls), "simple_function_checker:wrong_func_name");
  });

  it("rejects two calls where one is expected (multiple_0)", async () => {
    const calls = await answer("multiple_0");
    expectInvalid(await check("multiple_0", [...calls, calls[0]!]), "multiple_function_checker:wrong_count");
  });

  it("accepts parallel calls in any order (parallel_0: spotify.play twice)", async () => {
    const calls = await answer("parallel_0");
    expect((await check("parallel_0", [...calls].reverse())).valid).toBe(true);
  });

  it("rejects one wrong parallel call with BFCL's reason (parallel_0)", async () => {
    const verdict = await check("parallel_0", await answer("parallel_0", { duration: 25 }, 1));
    expectInvalid(verdict, "parallel_function_checker_no_order:cannot_find_match");
    expect(verdict.errors[0]).toBe(
      "Could not find a matching function among index [1] of model output for index 1 of possible answers.",
    );
    expect(verdict.errors[1]).toMatch(/^Model Result Index 1: value_error:others: /);
  });

  it("rejects a missing parallel call (parallel_0)", async () => {
    const calls = await answer("parallel_0");
    expectInvalid(
      await check("parallel_0", calls.slice(1)),
      "parallel_function_checker_no_order:wrong_count",
    );
  });

  it("matches greedily, as BFCL does, and can miss a matching that exists", () => {
    const tools: Toolset = [
      {
        type: "function",
        function: {
          name: "f",
          parameters: { type: "object", properties: { x: { type: "integer" } }, required: ["x"] },
        },
      },
    ];
    const reference: ReferenceCall[] = [
      { name: "f", arguments: { x: { accepted: [1, 2], optional: false } } },
      { name: "f", arguments: { x: { accepted: [1], optional: false } } },
    ];
    const run = (xs: number[]) =>
      checkBfcl({
        tools,
        reference,
        category: "parallel",
        result: callsResult(xs.map((x) => ({ name: "f", arguments: { x } }))),
      });
    // The first answer takes f(x=1), the only call the second answer accepts.
    expectInvalid(run([1, 2]), "parallel_function_checker_no_order:cannot_find_match");
    expect(run([2, 1]).valid).toBe(true);
  });
});

describe("checkBfcl: decoding and irrelevance", () => {
  it("rejects a call where none is wanted (irrelevance_0)", async () => {
    const verdict = await check("irrelevance_0", [
      { name: "determine_body_mass_index", arguments: { weight: 70 } },
    ]);
    expectInvalid(verdict, "irrelevance_error:decoder_success");
  });

  it("accepts prose, a format error, or an empty call list for irrelevance (irrelevance_0)", async () => {
    expect((await check("irrelevance_0", { type: "no_call", text: "I cannot do that." })).valid).toBe(true);
    expect((await check("irrelevance_0", { type: "format_error", reason: "bad", offset: 3 })).valid).toBe(
      true,
    );
    expect((await check("irrelevance_0", [])).valid).toBe(true);
  });

  it("rejects a format error where calls are expected as a failed decode (simple_python_0)", async () => {
    const verdict = await check("simple_python_0", {
      type: "format_error",
      reason: "expected ')'",
      offset: 12,
    });
    expectInvalid(verdict, "ast_decoder:decoder_failed");
    expect(verdict.errors).toEqual(["Invalid syntax. Failed to decode AST. expected ')' (at offset 12)"]);
  });

  it("rejects prose as a failed decode, and an empty output as a wrong count (simple_python_0, parallel_0)", async () => {
    expectInvalid(
      await check("simple_python_0", { type: "no_call", text: "The area is 25." }),
      "ast_decoder:decoder_failed",
    );
    expectInvalid(
      await check("simple_python_0", { type: "no_call", text: "" }),
      "simple_function_checker:wrong_count",
    );
    expectInvalid(
      await check("parallel_0", { type: "no_call", text: "[]" }),
      "parallel_function_checker_no_order:wrong_count",
    );
  });

  it("decodes a text list cut short after a whole call, as BFCL's decoder closes it (simple_python_0, irrelevance_0)", async () => {
    const record = await sampleRecord("simple_python_0");
    const judge = (output: string, id = "simple_python_0", tools = record.tools) =>
      checkBfcl({
        tools,
        reference: id === "simple_python_0" ? referenceOf(record) : [],
        result: parseToolCalls(output),
        output,
        category: id.startsWith("irrelevance") ? "irrelevance" : "simple_python",
      });
    expect(parseToolCalls("[calculate_triangle_area(base=10, height=5)").type).toBe("format_error");
    expect(judge("[calculate_triangle_area(base=10, height=5)").valid).toBe(true);
    expect(judge("calculate_triangle_area(base=10, height=5), ").valid).toBe(true);
    expectInvalid(judge("[calculate_triangle_area(base=10, height="), "ast_decoder:decoder_failed");
    expectInvalid(
      judge("[calculate_triangle_area(base=10, height=5)", "irrelevance_0"),
      "irrelevance_error:decoder_success",
    );
  });

  it("takes calls read out of prose as a failed decode, as BFCL's prompt decoder does (simple_python_0, irrelevance_0)", async () => {
    const output = "Sure! [calculate_triangle_area(base=10, height=5)]";
    expectInvalid(await check("simple_python_0", parseToolCalls(output)), "ast_decoder:decoder_failed");
    expect(
      (await check("simple_python_0", parseToolCalls("[calculate_triangle_area(base=10, height=5)]"))).valid,
    ).toBe(true);
    expect(
      (await check("irrelevance_0", parseToolCalls("Sure! [determine_body_mass_index(weight=70)]"))).valid,
    ).toBe(true);
  });
});

describe("checkBfcl outside BFCL categories", () => {
  const tools: Toolset = [
    {
      type: "function",
      function: {
        name: "book",
        parameters: {
          type: "object",
          properties: { price: { type: "number" }, guest: { type: "object" }, city: { type: "string" } },
          required: ["price"],
        },
      },
    },
  ];
  const one: ReferenceCall = {
    name: "book",
    arguments: {
      price: { accepted: [20], optional: false },
      guest: { accepted: [{ name: ["Ann"] }], optional: true },
      city: { accepted: ["San José"], optional: true },
    },
  };

  it("derives the checker from the reference count", () => {
    expect(bfclRule(undefined, 0)).toBe("irrelevance");
    expect(bfclRule("weather", 1)).toBe("multiple");
    expect(bfclRule(undefined, 3)).toBe("parallel");
    expect(bfclRule("live_simple", 1)).toBe("simple");
    expect(bfclRule("live_parallel_multiple", 2)).toBe("parallel");
    expect(bfclRule("live_relevance", 0)).toBe("relevance");
  });

  it("reads number as float and object as dict", () => {
    const run = (args: JsonObject) =>
      checkBfcl({ tools, reference: [one], result: callsResult([{ name: "book", arguments: args }]) });
    expect(run({ price: 20, guest: { name: "ann" }, city: "san jose" }).valid).toBe(false);
    expect(run({ price: 20, guest: { name: "ann" }, city: "San José" })).toEqual({ valid: true, errors: [] });
    expectInvalid(run({ price: 20, guest: { name: "Bob" } }), "value_error:dict_value");
    expectInvalid(run({ price: 20, extra: 1 }), "simple_function_checker:unexpected_param");
  });

  it("counts calls with the multiple checker for one reference call", () => {
    const verdict = checkBfcl({ tools, reference: [one], result: callsResult([]) });
    expectInvalid(verdict, "multiple_function_checker:wrong_count");
  });

  it("compares dotted names as underscored when asked (BFCL's underscore_to_dot)", async () => {
    const calls = await answer("simple_python_1");
    calls[0] = { ...calls[0]!, name: "math_factorial" };
    const record = await sampleRecord("simple_python_1");
    const input = { tools: record.tools, reference: referenceOf(record), result: callsResult(calls) };
    expect(checkBfcl({ ...input, category: "simple_python", underscoreToDot: true }).valid).toBe(true);
    expectInvalid(
      checkBfcl({ ...input, category: "simple_python" }),
      "simple_function_checker:wrong_func_name",
    );
  });
});
