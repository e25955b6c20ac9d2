import { describe, expect, it } from "vitest";
import { formatPythonCalls, parseToolCalls } from "../tool-calls/index.js";
import { checkBfcl } from "./check-bfcl.js";
import {
  callsResult,
  groundTruthCalls,
  loadSample,
  referenceOf,
  sampleRecord,
} from "./test-support/bfcl-sample.js";

describe("checkBfcl with the ground truth as predictions", () => {
  it("finds every sample record's own reference calls valid", async () => {
    const { records } = await loadSample();
    const failures: string[] = [];
    for (const record of records) {
      const verdict = checkBfcl({
        tools: record.tools,
        reference: referenceOf(record),
        result: callsResult(groundTruthCalls(record)),
        category: record.meta.category,
      });
      if (!verdict.valid) failures.push(`${record.id}: ${verdict.errorType} ${verdict.errors.join(" ")}`);
    }
    expect(failures).toEqual([]);
    expect(records).toHaveLength(304);
  });

  it("finds them valid after a round trip through BFCL's Python syntax and the parser", async () => {
    const { records } = await loadSample();
    const failures: string[] = [];
    for (const record of records) {
      const text = formatPythonCalls(groundTruthCalls(record));
      const verdict = checkBfcl({
        tools: record.tools,
        reference: referenceOf(record),
        result: parseToolCalls(text),
        category: record.meta.category,
      });
      if (!verdict.valid) failures.push(`${record.id}: ${text} → ${verdict.errorType}`);
    }
    expect(failures).toEqual([]);
  });
});

describe("checkBfcl on BFCL Python-syntax outputs, through the parser", () => {
  const cases: Array<[id: string, output: string, errorType: string | undefined]> = [
    ["simple_python_0", "[calculate_triangle_area(base=10, height=5)]", undefined],
    ["simple_python_0", "calculate_triangle_area(base=10, height=5, unit='Units')", undefined],
    ["simple_python_1", "[math.factorial(number=5.0)]", "type_error:simple"],
    [
      "simple_python_13",
      "[calculate_area_under_curve(function='x**2', interval=[1.0, 3.0], method='trapezoidal')]",
      undefined,
    ],
    [
      "simple_python_13",
      "[calculate_area_under_curve(function='x**2', interval=[1, 3], method='trapezoidal')]",
      "type_error:nested",
    ],
    [
      "multiple_5",
      "[weather.get_by_coordinates_date(coordinates=(46.603354, 1.888334), date='2019-12-13')]",
      undefined,
    ],
    ["multiple_3", "[EuclideanDistance.calculate(pointA=(3, 4), pointB=[1, 2])]", "type_error:simple"],
    [
      "parallel_0",
      "[spotify.play(artist='Maroon 5', duration=15), spotify.play(artist='Taylor Swift', duration=20)]",
      undefined,
    ],
    [
      "parallel_0",
      "[spotify.play(artist='Maroon 5', duration=15)]",
      "parallel_function_checker_no_order:wrong_count",
    ],
    ["simple_python_0", "[calculate_triangle_area(base=10, height=5", "ast_decoder:decoder_failed"],
    ["simple_python_0", "I think the area is 25 square units.", "ast_decoder:decoder_failed"],
    ["simple_python_0", "[]", "simple_function_checker:wrong_count"],
    ["irrelevance_0", "I cannot compute that with the tools I have.", undefined],
    ["irrelevance_0", "[]", undefined],
    [
      "irrelevance_0",
      "[determine_body_mass_index(weight=70, height=1.75)]",
      "irrelevance_error:decoder_success",
    ],
  ];

  it.each(cases)("%s: %s", async (id, output, errorType) => {
    const record = await sampleRecord(id);
    const verdict = checkBfcl({
      tools: record.tools,
      reference: referenceOf(record),
      result: parseToolCalls(output),
      category: record.meta.category,
    });
    expect(verdict.valid).toBe(errorType === undefined);
    expect(verdict.errorType).toBe(errorType);
  });
});
