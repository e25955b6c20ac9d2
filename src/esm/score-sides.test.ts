import { describe, expect, it } from "vitest";
import type { JsonValue } from "../json/json-value.js";
import { SeededRandom } from "../random/seeded-random.js";
import type { ReferenceCall } from "../reference/reference-call.js";
import type { ToolCall } from "../tool-calls/tool-call.js";
import type { JsonSchema, Toolset } from "../tools/tool-definition.js";
import { scoreCall, sidesScore } from "./score-call.js";
import { scoreCalls } from "./score-calls.js";
import { CallSide, KeyedValues, ReferenceSide } from "./score-sides.js";
import { DEFAULT_PROFILE } from "./scoring-profile.js";

// Keys an object may have, lack, inherit from Object.prototype, or hold as `__proto__`.
const KEYS = ["a", "b", "city", "toString", "__proto__", "constructor", "my key"];
const VALUES: JsonValue[] = [1, 2, 2.5, "x", "X", "x y", "", null, true, [1, 2], ["x"], { k: 1 }];

function define(object: object, key: string, value: unknown, enumerable = true): void {
  Object.defineProperty(object, key, { value, enumerable, writable: true, configurable: true });
}

function randomObject(random: SeededRandom): Record<string, JsonValue> {
  const roll = random.next();
  const object: Record<string, JsonValue> =
    roll < 0.1 ? Object.create(null) : roll < 0.2 ? Object.create({ b: "inherited" }) : {};
  for (let count = random.int(0, 4); count > 0; count--) {
    define(object, random.pick(KEYS), random.pick(VALUES), !random.chance(0.05));
  }
  return object;
}

describe("KeyedValues", () => {
  it("answers `get` and `has` as the object itself does", () => {
    const random = new SeededRandom(7);
    for (let round = 0; round < 5000; round++) {
      const object = randomObject(random);
      const values = new KeyedValues(object);
      for (const key of [...KEYS, "missing"]) {
        expect(values.get(key), key).toBe(object[key]);
        expect(values.has(key), key).toBe(key in object);
      }
    }
  });
});

function randomCall(random: SeededRandom): ToolCall {
  const call: ToolCall = { name: random.pick(["f", "g", "zz"]), arguments: randomObject(random) };
  if (random.chance(0.3)) call.pythonTypes = { [`$.${random.pick(KEYS)}`]: random.pick(["float", "tuple"]) };
  return call;
}

function randomReference(random: SeededRandom): ReferenceCall {
  const args: ReferenceCall["arguments"] = {};
  for (let count = random.int(0, 4); count > 0; count--) {
    const accepted = Array.from({ length: random.int(0, 2) }, () => random.pick(VALUES));
    define(args, random.pick(KEYS), { accepted, optional: random.chance(0.3) });
  }
  return { name: random.pick(["f", "g"]), arguments: args };
}

function randomSchema(random: SeededRandom): JsonSchema {
  const properties: Record<string, unknown> = {};
  for (const key of KEYS.slice(0, 4)) {
    if (random.chance(0.6)) properties[key] = { type: random.pick(["string", "integer", "number", "array"]) };
  }
  const required = Array.from({ length: random.int(0, 3) }, () => random.pick([...KEYS, 3]));
  return { type: "object", properties, required };
}

describe("scoring with and without errors", () => {
  it("gives each pair the same score whether its errors are built or not", () => {
    const random = new SeededRandom(11);
    for (let round = 0; round < 5000; round++) {
      const call = randomCall(random);
      const reference = randomReference(random);
      const schema = random.chance(0.8) ? randomSchema(random) : undefined;
      const score = sidesScore(new CallSide(call), new ReferenceSide(reference, schema), DEFAULT_PROFILE);
      expect(score).toBe(scoreCall({ call, reference, schema, profile: DEFAULT_PROFILE }).score);
    }
  });

  it("reports for several calls exactly the errors of the pairs it matches", () => {
    const random = new SeededRandom(12);
    for (let round = 0; round < 2000; round++) {
      const schemas = { f: randomSchema(random), g: randomSchema(random) };
      const tools: Toolset = Object.entries(schemas).map(([name, parameters]) => ({
        type: "function",
        function: { name, parameters },
      }));
      const calls = Array.from({ length: random.int(1, 3) }, () => randomCall(random));
      const reference = Array.from({ length: random.int(1, 3) }, () => randomReference(random));
      const order = random.pick(["free", "enforced"] as const);
      const result = scoreCalls({
        result: { type: "calls", calls, syntax: "json" },
        reference,
        tools,
        order,
      });
      const matchedErrors = result.matches.flatMap((match) => {
        const ref = reference[match.reference]!;
        const cell = scoreCall({
          call: calls[match.call]!,
          reference: ref,
          schema: schemas[ref.name as "f" | "g"],
          profile: DEFAULT_PROFILE,
          path: `$[${match.call}]`,
        });
        expect(match.score).toBe(cell.score);
        return cell.errors;
      });
      const unmatched = result.errors.filter((error) => ["extra_call", "missing_call"].includes(error.type));
      expect(result.errors).toEqual([...matchedErrors, ...unmatched]);
    }
  });
});
