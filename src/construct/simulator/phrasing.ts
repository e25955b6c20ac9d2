import { isJsonObject, type JsonValue } from "../../json/json-value.js";
import type { SeededRandom } from "../../random/seeded-random.js";
import type { ToolDefinition } from "../../tools/tool-definition.js";
import type { CallMemory } from "../conversation-generator.js";
import { idFromMemory } from "./argument-values.js";

const OPENERS = ["Can you", "Could you", "Please", "I need you to", "Would you", "Help me"];
const CONNECTORS = [". Then ", ". After that, ", ". Also, ", ". Next, ", ", and once that is done, "];
const ARGUMENT_STYLES: Array<(label: string, value: string) => string> = [
  (label, value) => `${label} ${value}`,
  (label, value) => `${label}: ${value}`,
  (label, value) => `${label} set to ${value}`,
  (label, value) => `${value} as the ${label}`,
];
const ARGUMENT_LEADS = ["with", "using", "for", "where"];

/** What the tool does, as a verb phrase from its description: "search for flights between two airports". */
export function intentOf(tool: ToolDefinition | undefined, name: string): string {
  const description = tool?.function.description?.split(/(?<=[.!?])\s/)[0] ?? "";
  const phrase = description.replace(/[.!?]+$/, "").trim();
  if (phrase === "") return `run ${name.replace(/[_.]/g, " ")}`;
  return phrase.charAt(0).toLowerCase() + phrase.slice(1);
}

/**
 * The user query of one turn, written from the calls: it states every argument value, except ids
 * taken from an earlier result, which it points to ("the first result"). Openers, connectors and
 * argument styles vary so that surface forms differ.
 */
export function writeQuery(options: {
  memory: readonly CallMemory[];
  earlier: readonly CallMemory[];
  tools: readonly ToolDefinition[];
  random: SeededRandom;
}): string {
  const { random } = options;
  const clauses: string[] = [];
  options.memory.forEach(({ call }, index) => {
    const before = [...options.earlier, ...options.memory.slice(0, index)];
    const tool = options.tools.find((candidate) => candidate.function.name === call.name);
    const style = random.pick(ARGUMENT_STYLES);
    const parts = Object.entries(call.arguments).map(([key, value]) => {
      const label = key.replace(/_/g, " ");
      if (key.endsWith("_id") && idFromMemory(key, before) === value)
        return `the ${label} of the first result`;
      return style(label, describeValue(value));
    });
    const intent = intentOf(tool, call.name);
    const args = parts.length === 0 ? "" : ` ${random.pick(ARGUMENT_LEADS)} ${list(parts)}`;
    clauses.push(`${intent}${args}`);
  });
  const [first = "", ...rest] = clauses;
  let text = `${random.pick(OPENERS)} ${first}`;
  for (const clause of rest) text += `${random.pick(CONNECTORS)}${clause}`;
  return `${text.replace(/\s+/g, " ").trim()}${random.chance(0.5) ? "?" : "."}`;
}

/** The final answer of a turn, summarising each result. */
export function writeAnswer(memory: readonly CallMemory[], random: SeededRandom): string {
  const lead = random.pick(["Here is what I found.", "Done.", "All set.", "Here are the results."]);
  const parts = memory.map(({ call, result }) => `${call.name.replace(/[_.]/g, " ")}: ${summarise(result)}`);
  return `${lead} ${parts.join("; ")}.`;
}

function summarise(result: JsonValue): string {
  if (!isJsonObject(result)) return describeValue(result);
  const results = result.results;
  if (Array.isArray(results) && results.length > 0) {
    const first = results[0];
    const name = isJsonObject(first) && typeof first.name === "string" ? `, first: ${first.name}` : "";
    return `${results.length} results${name}`;
  }
  return Object.entries(result)
    .filter(([, value]) => typeof value !== "object")
    .slice(0, 3)
    .map(([key, value]) => `${key.replace(/_/g, " ")} ${String(value)}`)
    .join(", ");
}

export function describeValue(value: JsonValue): string {
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (value === null) return "none";
  if (Array.isArray(value)) return list(value.map(describeValue));
  if (isJsonObject(value)) {
    return `(${Object.entries(value)
      .map(([key, item]) => `${key.replace(/_/g, " ")} ${describeValue(item)}`)
      .join(", ")})`;
  }
  return String(value);
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
