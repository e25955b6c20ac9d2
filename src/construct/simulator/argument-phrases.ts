import { isJsonObject, type JsonObject, type JsonValue } from "../../json/json-value.js";
import type { SeededRandom } from "../../random/seeded-random.js";

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
const UNIT_SUFFIXES: Record<string, string> = {
  meters: "metres",
  metres: "metres",
  seconds: "seconds",
  celsius: "°C",
  km: "km",
  kg: "kg",
  c: "°C",
  cm: "cm",
  m2: "square metres",
  kmh: "km/h",
  minutes: "minutes",
  percent: "percent",
  usd: "dollars",
};
/** Parameters that count things: phrased "for 3 guests". */
const COUNTED: Array<[RegExp, string]> = [
  [/guest/, "guests"],
  [/night/, "nights"],
  [/party_size|people|person/, "people"],
  [/traveller|passenger/, "travellers"],
  [/seat/, "seats"],
  [/room/, "rooms"],
  [/coat/, "coats"],
  [/(^|_)years$/, "years"],
  [/(^|_)months$/, "months"],
  [/(^|_)hours$/, "hours"],
  [/^quantity$/, "of them"],
];

/**
 * One argument the way a person says it, from the parameter's name, type, unit and description:
 * "in Paris", "for three nights", "a radius of 5 km", "from March 3, 2026", "sorted by price",
 * lists as prose. Every value keeps a form the verifier accepts (verbatim, a natural date or
 * time, a number word up to ten, an enum value with spaces for underscores).
 */
export function phraseArgument(
  key: string,
  value: JsonValue,
  schema: JsonObject,
  random: SeededRandom,
): string {
  const name = key.toLowerCase().replace(/[.-]/g, "_");
  const label = words(key);
  const description = typeof schema.description === "string" ? schema.description : "";
  if (typeof value === "boolean") return booleanPhrase(label, value, random);
  if (value === null) return random.pick([`no ${label}`, `leave the ${label} empty`, `without any ${label}`]);
  if (Array.isArray(value)) return listPhrase(label, description, value, random);
  if (isJsonObject(value))
    return `${random.pick(["with", "using"])} ${nounOf(label, description)} ${describe(value, random)}`;
  if (typeof value === "number") return numberPhrase(name, label, description, value, random);
  return stringPhrase(name, label, description, value, schema, random);
}

/** A list as prose after what it is: "devices DE-1 and DE-2", "on Monday and Friday", "for Ana (age 4) and Omar (age 9)". */
function listPhrase(label: string, description: string, value: JsonValue[], random: SeededRandom): string {
  const items = prose(value.map((item) => describe(item, random)));
  if (/\bids?$/.test(label)) return `${plural(label.replace(/\s*ids?$/, "")) || "items"} ${items}`;
  if (/day|date/.test(label)) return `on ${items}`;
  if (/traveller|passenger|guest|attendee|people|person|recipient/.test(label)) return `for ${items}`;
  const noun = nounOf(label, description);
  return random.pick([`${noun}: ${items}`, `with ${items} as ${noun}`, `${items} (${noun})`]);
}

function booleanPhrase(label: string, value: boolean, random: SeededRandom): string {
  const bare = label.replace(/\b(only|include|is|has|show)\b/g, "").trim() || label;
  return value
    ? random.pick([`${bare} only`, `make sure it is ${bare}`, `with ${bare}`])
    : random.pick([`not ${bare}`, `no need for ${bare}`, `without ${bare}`]);
}

function numberPhrase(name: string, label: string, description: string, value: number, random: SeededRandom) {
  const counted = COUNTED.find(([pattern]) => pattern.test(name));
  const spoken =
    Number.isInteger(value) && value >= 1 && value <= 10 && random.chance(0.4)
      ? NUMBER_WORDS[value]!
      : String(value);
  if (counted) return `for ${spoken} ${counted[1]}`;
  const unit = unitOf(name, description);
  const noun = nounOf(
    label.replace(new RegExp(`\\s+(${Object.keys(UNIT_SUFFIXES).join("|")})$`), ""),
    description,
  );
  const amount = unit ? `${value} ${unit}` : String(value);
  if (/^(max|maximum)_/.test(name) || /highest|maximum|at most/i.test(description))
    return random.pick([`up to ${amount}`, `at most ${amount}`, `no more than ${amount}`]);
  if (/^(min|minimum)_/.test(name) || /lowest|minimum|at least/i.test(description))
    return random.pick([`at least ${amount}`, `${amount} or more`]);
  if (/(^|_)(price|amount|cost|budget|fee)$/.test(name) && !unit)
    return random.pick([`${noun} of ${value}`, `for ${value}`]);
  return random.pick([
    `${article(noun)} ${noun} of ${amount}`,
    `${noun} ${amount}`,
    `with ${noun} at ${amount}`,
  ]);
}

function stringPhrase(
  name: string,
  label: string,
  description: string,
  value: string,
  schema: JsonObject,
  random: SeededRandom,
): string {
  const format = typeof schema.format === "string" ? schema.format : "";
  if (format === "date" || /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const when = random.chance(0.5) ? naturalDate(value) : value;
    if (/start|check_in|from|depart|begin|arriv/.test(name))
      return random.pick([`from ${when}`, `starting ${when}`]);
    if (/end|check_out|until|to$|return|leav/.test(name))
      return random.pick([`until ${when}`, `through ${when}`]);
    return `on ${when}`;
  }
  if (format === "time" || /^\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?$/.test(value)) {
    const when = random.chance(0.6) ? clockTime(value) : value;
    if (name === "from" || /start|earliest/.test(name)) return `from ${when}`;
    if (name === "to" || /end|latest/.test(name)) return `to ${when}`;
    return `at ${when}`;
  }
  if (format === "date-time") return random.pick([`at ${value}`, `starting ${value}`]);
  if (format === "email") return random.pick([`to ${value}`, `(my email is ${value})`, `at ${value}`]);
  if (format === "uri" || format === "url") return random.pick([`${value}`, `(see ${value})`]);
  if (format === "uuid") return `(reference ${value})`;
  if (format === "ipv4" || format === "ipv6") return `at ${value}`;
  if (Array.isArray(schema.enum) || /^[a-z]+(_[a-z]+)*$/.test(value))
    return enumPhrase(name, label, value, random);
  if (/city|location|country|place|town|region|destination|origin/.test(name)) return `in ${value}`;
  if (/phone/.test(name)) return random.pick([`reachable at ${value}`, `phone ${value}`]);
  if (/(^|_)name$|full_name|guest|person|contact/.test(name))
    return random.pick([`under the name ${value}`, `for ${value}`]);
  if (/title|subject|headline/.test(name)) return `titled "${value}"`;
  if (/note|message|body|comment|text|content/.test(name))
    return random.pick([`with the note "${value}"`, `saying "${value}"`]);
  if (/query|keyword|search|term|topic/.test(name)) return random.pick([`about ${value}`, `for "${value}"`]);
  if (/currenc/.test(name)) return /from/.test(name) ? `from ${value}` : `in ${value}`;
  if (/_id$|^id$/.test(name)) return `${label.replace(/\s*id$/, "")} ${value}`;
  if (/address|street/.test(name)) return `at ${value}`;
  const noun = nounOf(label, description);
  return random.pick([`${noun} ${value}`, `"${value}" as the ${noun}`, `the ${noun} ${value}`]);
}

function enumPhrase(name: string, label: string, value: string, random: SeededRandom): string {
  const spoken = value.replace(/_/g, " ");
  if (/sort|order/.test(name)) return `sorted by ${spoken}`;
  if (/unit|scale|system/.test(name)) return /from/.test(name) ? `from ${spoken}` : `in ${spoken}`;
  if (/reason/.test(name)) return `because of ${spoken}`;
  if (/^to_|_to$/.test(name)) return `to ${spoken}`;
  if (/^from_|_from$/.test(name)) return `from ${spoken}`;
  return random.pick([`${label} ${spoken}`, `${spoken} as the ${label}`, `the ${spoken} option`]);
}

/** A value inside a list or object, in prose: objects as their values with numbers labelled. */
export function describe(value: JsonValue, random: SeededRandom): string {
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (value === null) return "none";
  if (Array.isArray(value)) return prose(value.map((item) => describe(item, random)));
  if (isJsonObject(value)) {
    const entries = Object.entries(value);
    const plain = entries.filter(([, item]) => typeof item === "string").map(([, item]) => String(item));
    const labelled = entries
      .filter(([, item]) => typeof item !== "string")
      .map(([key, item]) => `${words(key)} ${describe(item, random)}`);
    const head = plain.join(", ");
    return labelled.length === 0 ? head : head ? `${head} (${labelled.join(", ")})` : labelled.join(", ");
  }
  return String(value);
}

export function prose(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function unitOf(name: string, description: string): string | undefined {
  const suffix = /_([a-z0-9]+)$/.exec(name)?.[1];
  if (suffix && UNIT_SUFFIXES[suffix]) return UNIT_SUFFIXES[suffix];
  const stated = /Unit: ([^.]+)\./.exec(description)?.[1];
  if (stated) return stated === "dollars" ? "dollars" : stated;
  const inUnit =
    /\bin (kilometres|kilometers|kilograms|metres|meters|minutes|hours|seconds|percent|degrees [A-Z][a-z]+|centimetres)\b/.exec(
      description,
    )?.[1];
  return inUnit;
}

/** What the value is, as a noun: the description's first phrase when short, else the parameter's label. */
function nounOf(label: string, description: string): string {
  const phrase = description
    .split(/[.,;:(]/)[0]!
    .replace(/\s+in\s+(\S+)$/, "")
    .trim()
    .toLowerCase();
  const count = phrase.split(/\s+/).length;
  return phrase !== "" && count <= 4 && !/^(the|a|an|how|what|which|whether)\b/.test(phrase) ? phrase : label;
}

function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? "an" : "a";
}

function plural(label: string): string {
  return label.endsWith("s") ? label : `${label}s`;
}

function words(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_.-]+/g, " ")
    .toLowerCase()
    .trim();
}

/** `2026-03-14` → "March 14, 2026" or "14 March 2026", the forms the verifier accepts. */
function naturalDate(value: string): string {
  const [year, month, day] = value.split("-").map(Number);
  const name = MONTHS[(month ?? 1) - 1];
  return day! % 2 === 0 ? `${name} ${day}, ${year}` : `${day} ${name} ${year}`;
}

/** `14:30:00Z` → "2:30 pm"; on the hour "2 pm". */
function clockTime(value: string): string {
  const [hours = 0, minutes = 0] = value.split(":").map((part) => Number.parseInt(part, 10));
  const half = hours >= 12 ? "pm" : "am";
  const twelve = hours % 12 === 0 ? 12 : hours % 12;
  return minutes === 0 ? `${twelve} ${half}` : `${twelve}:${String(minutes).padStart(2, "0")} ${half}`;
}
