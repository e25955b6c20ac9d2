import type { JsonObject, JsonValue } from "../../json/json-value.js";
import type { SeededRandom } from "../../random/seeded-random.js";
import type { ToolCall } from "../../tool-calls/tool-call.js";
import { singular } from "./argument-values.js";
import { pooledString } from "./value-pools.js";

const SEARCH_VERBS = new Set(["search", "find", "list", "lookup", "browse", "query"]);

/** `search_flights` → verb `search`, object `flights`. */
export function splitToolName(name: string): { verb: string; object: string } {
  const base = name.split(".").pop() ?? name;
  const [verb = base, ...rest] = base.split("_");
  return { verb, object: rest.join("_") || verb };
}

/**
 * A result consistent with the call: searches return a few items with ids under `<noun>_id` (so a
 * later call can use one), other tools echo their arguments with a status and a reference.
 */
export function simulateResult(call: ToolCall, random: SeededRandom): JsonValue {
  const { verb, object } = splitToolName(call.name);
  const echo: JsonObject = {};
  for (const [key, value] of Object.entries(call.arguments)) if (typeof value !== "object") echo[key] = value;
  if (SEARCH_VERBS.has(verb)) {
    const noun = singular(object.split("_").pop() ?? object);
    const prefix = noun.slice(0, 2).toUpperCase();
    const count = random.int(2, 3);
    const results: JsonObject[] = [];
    for (let i = 0; i < count; i++) {
      results.push({
        [`${noun}_id`]: `${prefix}-${random.int(1000, 9999)}`,
        name: pooledString(noun, noun, random),
        score: Math.round(random.next() * 50 + 50) / 10,
      });
    }
    return { ...echo, results };
  }
  if (verb === "get" || verb === "check" || verb === "calculate" || verb === "convert") {
    return { ...echo, value: Math.round(random.next() * 10000) / 100, status: "ok" };
  }
  return { ...echo, status: "confirmed", reference: `R-${random.int(10000, 99999)}` };
}
