import type { DatasetRecord } from "../dataset/dataset-record.js";
import { isJsonObject, type JsonValue } from "../json/json-value.js";
import type { ArgumentValidator } from "../tools/argument-validator.js";
import { toolMatching } from "./tool-overlap.js";

/**
 * How a date argument (`YYYY-MM-DD`) may be stated in the text: `"iso"` only as written,
 * `"natural"` also as "March 14, 2026" or "14 March 2026".
 */
export type DateRule = "iso" | "natural";

export interface VerifyOptions {
  validator: ArgumentValidator;
  /** Default `"natural"`. */
  dateRule?: DateRule;
}

export type Verification = { ok: true } | { ok: false; reason: string };

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

const NUMBER_WORDS = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
];

/**
 * Checks that a constructed conversation is answerable: every call names a tool of the toolset and
 * validates against its schema, and every argument value is stated in the user text so far or
 * appears in an earlier tool result. Booleans and nulls are exempt: no text states them verbatim.
 * A turn answered without a call (irrelevance) must be unanswerable by the offered tools: its query
 * may share no content word with a tool's name, nor two with its description.
 */
export function verifyConversation(record: DatasetRecord, options: VerifyOptions): Verification {
  const dateRule = options.dateRule ?? "natural";
  let userText = "";
  let resultText = "";
  let query: string | undefined;
  let called = false;
  const noCallProblem = (): Verification | undefined => {
    if (query === undefined || called) return undefined;
    const tool = toolMatching(query, record.tools);
    return tool
      ? { ok: false, reason: `a turn without a call asks for what '${tool.function.name}' offers` }
      : undefined;
  };
  for (const message of record.messages) {
    if (message.role === "user") {
      const problem = noCallProblem();
      if (problem) return problem;
      query = message.content;
      called = false;
      userText += ` ${normalise(message.content)}`;
    } else if (message.role === "tool") resultText += ` ${normalise(message.content)}`;
    else if (message.role === "assistant") {
      for (const toolCall of message.tool_calls ?? []) {
        called = true;
        const name = toolCall.function.name;
        let args: unknown;
        try {
          args = JSON.parse(toolCall.function.arguments);
        } catch {
          return { ok: false, reason: `${name}: arguments are not JSON` };
        }
        if (!isJsonObject(args)) return { ok: false, reason: `${name}: arguments are not an object` };
        if (!options.validator.hasTool(name))
          return { ok: false, reason: `call to '${name}', which is not in the toolset` };
        const check = options.validator.check({ name, arguments: args });
        if (!check.valid) {
          const problem = check.problems[0]!;
          return { ok: false, reason: `${name}: ${problem.path || "arguments"} ${problem.message}` };
        }
        for (const [path, value] of leaves(args, "")) {
          if (!isGrounded(value, userText, resultText, dateRule)) {
            return {
              ok: false,
              reason: `${name}: value ${JSON.stringify(value)} of '${path}' is neither in the user text nor in an earlier result`,
            };
          }
        }
      }
    }
  }
  return noCallProblem() ?? { ok: true };
}

function* leaves(value: JsonValue, path: string): Generator<[string, string | number]> {
  if (typeof value === "string" || typeof value === "number") yield [path, value];
  else if (Array.isArray(value))
    for (const [i, item] of value.entries()) yield* leaves(item, `${path}[${i}]`);
  else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) yield* leaves(item, path ? `${path}.${key}` : key);
  }
}

function isGrounded(
  value: string | number,
  userText: string,
  resultText: string,
  dateRule: DateRule,
): boolean {
  if (typeof value === "number") {
    if (containsNumber(userText, value) || containsNumber(resultText, value)) return true;
    const word = Number.isInteger(value) ? NUMBER_WORDS[value] : undefined;
    return word !== undefined && new RegExp(`\\b${word}\\b`).test(userText);
  }
  const needle = normalise(value);
  if (needle === "") return true;
  if (userText.includes(needle) || resultText.includes(needle)) return true;
  // An enum value such as `changed_plans` is said "changed plans".
  if (needle.includes("_") && userText.includes(needle.replace(/_/g, " "))) return true;
  if (dateRule !== "natural") return false;
  return [...naturalDates(value), ...naturalTimes(value)].some((form) => userText.includes(form));
}

/** Lower-cased, whitespace collapsed: what "normalised match for strings" means. */
export function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

/** Exact number match: 3 is in "3 nights" and "3.0"-free text, not in "13", "3.5" or "2023". */
function containsNumber(text: string, value: number): boolean {
  const literal = String(value).replace(/[.+]/g, "\\$&");
  return new RegExp(`(?<![\\d.])${literal}(?![\\d]|\\.\\d)`).test(text);
}

/** `14:30:00Z` (or `14:30`) may be said "14:30", "2:30 pm" or "2:30pm"; on the hour also "2 pm". */
function naturalTimes(value: string): string[] {
  const match = /^(\d{2}):(\d{2})(:00)?(Z|[+-]\d{2}:\d{2})?$/.exec(value);
  if (!match) return [];
  const hour = Number(match[1]);
  const minutes = match[2]!;
  const half = hour >= 12 ? "pm" : "am";
  const twelve = String(hour % 12 === 0 ? 12 : hour % 12);
  const forms = [`${match[1]}:${minutes}`, `${twelve}:${minutes} ${half}`, `${twelve}:${minutes}${half}`];
  if (minutes === "00") forms.push(`${twelve} ${half}`, `${twelve}${half}`);
  return forms.map((form) => ` ${form}`);
}

function naturalDates(value: string): string[] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return [];
  const month = MONTHS[Number(match[2]) - 1];
  const day = String(Number(match[3]));
  return month ? [`${month} ${day}, ${match[1]}`, `${day} ${month} ${match[1]}`] : [];
}
