import { isJsonObject, type JsonObject, type JsonValue } from "../../json/json-value.js";
import type { SeededRandom } from "../../random/seeded-random.js";
import type { ToolDefinition } from "../../tools/tool-definition.js";
import type { CallMemory } from "../conversation-generator.js";
import { describe, phraseArgument, prose } from "./argument-phrases.js";
import { idFromMemory } from "./argument-values.js";

/** Ways of asking, each an opener before the verb phrase and the closing mark. */
const REGISTERS: Array<{ open: readonly string[]; close: string }> = [
  { open: ["Can you", "Could you", "Would you"], close: "?" },
  { open: ["Please", ""], close: "." },
  { open: ["I need to", "I want to", "I'd like to", "I'm trying to"], close: "." },
  { open: ["Hey, can you", "Hi! Could you", "Quick one: can you"], close: "?" },
  { open: ["Kindly", "I would be grateful if you could"], close: "." },
];
const SEQUENCE = [". Then ", ". After that, ", ", and once that's done, ", ". Next, "];
const TOGETHER = [" and ", ". Also, ", ", and at the same time ", "; also "];
const FIRST_RESULT = ["the first one", "the top result", "the first match", "the first of those"];

/** What a turn did, for writing its query: its calls in order, and how they relate. */
export interface TurnShape {
  memory: readonly CallMemory[];
  /** Calls of earlier turns: an id taken from them is pointed to, not spelled out. */
  earlier: readonly CallMemory[];
  tools: readonly ToolDefinition[];
  /** `sequence`: each call may use the previous one's results; `together`: independent calls. */
  relation: "sequence" | "together";
  random: SeededRandom;
}

/** What the tool does, as a verb phrase: from its description or from its name, without the list of criteria. */
export function intentOf(tool: ToolDefinition | undefined, name: string, random: SeededRandom): string {
  const fromName = nameWords(name);
  const description = tool?.function.description?.split(/(?<![a-z]\.[a-z])(?<=[.!?])\s/)[0] ?? "";
  // Without asides, examples and the list of criteria, which would name the parameters.
  const phrase = description
    .replace(/\s*\([^)]*\)/g, "")
    .replace(/:.*$/, "")
    .replace(/,?\s+(e\.g|i\.e|such as|like)\b.*$/, "")
    .replace(/[.!?]+$/, "")
    .replace(/\s+by\s+(?!side\b)[^.]*$/, "")
    .trim();
  if (phrase === "" || random.chance(0.35)) return fromName;
  return phrase.charAt(0).toLowerCase() + phrase.slice(1);
}

/**
 * The user query of one turn, written from its calls: every argument stated the way people say it
 * (see phraseArgument), in a random order and register; ids that an earlier result returned are
 * pointed to ("the first one"); the same tool called again says only what changes.
 */
export function writeQuery(turn: TurnShape): string {
  const { random } = turn;
  const register = random.pick(REGISTERS);
  const clauses: string[] = [];
  turn.memory.forEach(({ call }, index) => {
    const before = [...turn.earlier, ...turn.memory.slice(0, index)];
    const tool = turn.tools.find((candidate) => candidate.function.name === call.name);
    const properties = isJsonObject(tool?.function.parameters.properties)
      ? tool.function.parameters.properties
      : {};
    const previous = turn.memory[index - 1]?.call;
    const again = previous?.name === call.name;
    let pointer: string | undefined;
    const parts: string[] = [];
    for (const [key, value] of random.shuffle(Object.entries(call.arguments))) {
      if (again && JSON.stringify(previous!.arguments[key]) === JSON.stringify(value)) continue;
      if (/_id$/i.test(key) && value === idFromMemory(key, before) && value !== undefined) {
        pointer = random.pick(FIRST_RESULT);
        continue;
      }
      const schema = isJsonObject(properties[key]) ? (properties[key] as JsonObject) : {};
      parts.push(phraseArgument(key, value, schema, random));
    }
    if (again) {
      clauses.push(
        `${random.pick(["the same for", "do the same with", "again with"])} ${prose(parts) || "it"}`,
      );
      return;
    }
    const intent = intentOf(tool, call.name, random);
    const target = pointer ? ` ${random.pick(["for", "on", "with"])} ${pointer}` : "";
    clauses.push(`${intent}${target}${parts.length > 0 ? ` ${prose(parts)}` : ""}`);
  });
  const joiners = turn.relation === "sequence" ? SEQUENCE : TOGETHER;
  const [first = "", ...rest] = clauses;
  const opener = random.pick(register.open);
  let text = opener === "" ? capitalise(first) : `${opener} ${first}`;
  for (const clause of rest) text += `${random.pick(joiners)}${clause}`;
  text = text.replace(/\s+/g, " ").replace(/\. ([a-z])/g, (_, letter: string) => `. ${letter.toUpperCase()}`);
  return `${text.trim()}${register.close}`;
}

/** The query of a turn no offered tool can serve: asked like any other, sometimes naming the tool it wants. */
export function writeUnanswerableQuery(tool: ToolDefinition, args: JsonObject, random: SeededRandom): string {
  const query = writeQuery({
    memory: [{ call: { name: tool.function.name, arguments: args }, result: null }],
    earlier: [],
    tools: [tool],
    relation: "together",
    random,
  });
  return random.chance(0.25) ? `${query} Use ${tool.function.name} for it.` : query;
}

/** The final answer of a turn, summarising each result. */
export function writeAnswer(memory: readonly CallMemory[], random: SeededRandom): string {
  const lead = random.pick(["Here is what I found.", "Done.", "All set.", "Here are the results."]);
  const parts = memory.map(({ call, result }) => `${nameWords(call.name)}: ${summarise(result, random)}`);
  return `${lead} ${parts.join("; ")}.`;
}

/** The answer to a request no offered tool serves: says so, and what the tools can do instead. */
export function writeRefusal(
  wanted: ToolDefinition,
  offered: readonly ToolDefinition[],
  random: SeededRandom,
): string {
  const can = prose(
    random.sample(offered, Math.min(3, offered.length)).map((tool) => nameWords(tool.function.name)),
  );
  const wish = nameWords(wanted.function.name);
  return random.pick([
    `I can't ${wish} with the tools I have here; they can ${can}.`,
    `None of my tools can ${wish}. I can help you ${can} instead.`,
    `Sorry, that is not something I can do here: my tools only ${can}.`,
  ]);
}

function summarise(result: JsonValue, random: SeededRandom): string {
  if (!isJsonObject(result)) return describe(result, random);
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

/** `acme_travel.searchHotels` → "search hotels". */
function nameWords(name: string): string {
  const base = name.split(".").pop() ?? name;
  return base
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase()
    .trim();
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
