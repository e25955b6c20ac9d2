import type { JsonObject, JsonValue } from "../../json/json-value.js";
import type { SeededRandom } from "../../random/seeded-random.js";
import type { ToolCall } from "../../tool-calls/tool-call.js";
import { singular } from "./argument-values.js";
import { pooledString } from "./value-pools.js";

export const SEARCH_VERBS = new Set(["search", "find", "list", "lookup", "browse", "query"]);

/** `search_flights`, `searchFlights`, `travel.search-flights` → verb `search`, object `flights`. */
export function splitToolName(name: string): { verb: string; object: string } {
  const base = name.split(".").pop() ?? name;
  const [verb = base, ...rest] = base
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[_-]+/);
  return { verb, object: rest.join("_") || verb };
}

/** The item a search returns, whose id later calls take: `search_rental_cars` → `rental_car`. */
export function resultNoun(name: string): string {
  const parts = splitToolName(name)
    .object.split("_")
    .filter((part) => part !== "nearby");
  const last = parts.pop() ?? "";
  return [...parts, singular(last)].join("_");
}

/**
 * A result consistent with the call: searches return a few items with ids under `<noun>_id` (so a
 * later call can use one), other tools echo their arguments with a status and a reference.
 */
export function simulateResult(call: ToolCall, random: SeededRandom): JsonValue {
  const { verb } = splitToolName(call.name);
  const echo: JsonObject = {};
  for (const [key, value] of Object.entries(call.arguments)) if (typeof value !== "object") echo[key] = value;
  if (SEARCH_VERBS.has(verb)) {
    const noun = resultNoun(call.name);
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
