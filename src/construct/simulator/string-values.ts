import RandExp from "randexp";
import type { JsonObject } from "../../json/json-value.js";
import type { SeededRandom } from "../../random/seeded-random.js";
import { pooledString } from "./value-pools.js";

/**
 * A string for a parameter: from its `format`, else its `pattern`, else a realistic value chosen by
 * name and description; then fitted to `minLength`/`maxLength` (counted in code points, as Ajv
 * does). Undefined when the pattern yields nothing of an allowed length.
 */
export function stringFor(name: string, schema: JsonObject, random: SeededRandom): string | undefined {
  const description = typeof schema.description === "string" ? schema.description : "";
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : Number.POSITIVE_INFINITY;
  const formatted =
    typeof schema.format === "string" ? formattedString(schema.format, name, description, random) : undefined;
  if (formatted !== undefined) return formatted;
  if (typeof schema.pattern === "string") return patterned(schema.pattern, min, max, random);
  let text: string;
  if (/(^|_)date$|date of/.test(name)) text = isoDate(random);
  else if (/(^|_)time$/.test(name)) text = clock(random);
  else if (name.endsWith("_id")) text = `${name.slice(0, 2).toUpperCase()}-${random.int(1000, 9999)}`;
  else text = pooledString(name, description, random);
  return fitLength(text, min, max, name, description, random);
}

/** Values of the formats Ajv checks; undefined for a format it does not know (validation ignores it). */
function formattedString(format: string, name: string, description: string, random: SeededRandom) {
  const hex = (count: number) =>
    Array.from({ length: count }, () => "0123456789abcdef"[random.int(0, 15)]).join("");
  const slug = () =>
    pooledString(name, description, random)
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "item";
  switch (format) {
    case "date":
      return isoDate(random);
    case "date-time":
      return `${isoDate(random)}T${clock(random)}:00Z`;
    case "time":
      // JSON Schema's `time` is RFC 3339 full-time: seconds and a zone are part of it.
      return `${clock(random)}:00Z`;
    case "email":
    case "idn-email":
      return pooledString("email", "", random);
    case "uri":
    case "url":
    case "iri":
    case "uri-reference":
    case "iri-reference":
      return `https://example.com/${slug()}`;
    case "hostname":
    case "idn-hostname":
      return `${slug()}.example.com`;
    case "ipv4":
      return [random.int(10, 223), random.int(0, 255), random.int(0, 255), random.int(1, 254)].join(".");
    case "ipv6":
      return `2001:db8::${hex(4)}:${hex(4)}`;
    case "uuid":
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[random.int(0, 3)]}${hex(3)}-${hex(12)}`;
    case "duration":
      return random.pick(["PT30M", "PT1H", "PT2H30M", "P1D", "P3D", "P1W"]);
    case "json-pointer":
      return `/${slug()}`;
    case "regex":
      return "^[a-z]+$";
    default:
      return undefined;
  }
}

function patterned(pattern: string, min: number, max: number, random: SeededRandom): string | undefined {
  let generator: RandExp;
  try {
    generator = new RandExp(pattern);
  } catch {
    return undefined;
  }
  generator.randInt = (low: number, high: number) => random.int(low, high);
  // Printable ASCII letters, digits and punctuation for `.` and negated classes: no control characters.
  generator.defaultRange.subtract(0, 31);
  generator.defaultRange.subtract(127, 0x10ffff);
  for (let attempt = 0; attempt < 12; attempt++) {
    generator.max = attempt < 6 ? 4 : Math.max(4, min + 2);
    const text = generator.gen();
    const length = [...text].length;
    if (length >= min && length <= max) return text;
  }
  return undefined;
}

/** Pads with more words of the same kind, or cuts at a word end, to land within [min, max] code points. */
function fitLength(
  text: string,
  min: number,
  max: number,
  name: string,
  description: string,
  random: SeededRandom,
): string | undefined {
  let points = [...text];
  for (let guard = 0; points.length < min && guard < 64; guard++) {
    points = [...`${points.join("")} ${pooledString(name, description, random)}`];
  }
  if (points.length < min) points = points.concat(Array(min - points.length).fill("x"));
  if (points.length > max) {
    const cut = points.slice(0, max).join("");
    const atWord = cut.replace(/\s+\S*$/, "");
    points = [...([...atWord].length >= Math.max(min, 1) ? atWord : cut).trimEnd()];
    if (points.length < min) points = [...cut];
  }
  return points.length >= min && points.length <= max ? points.join("") : undefined;
}

export function isoDate(random: SeededRandom): string {
  const month = random.int(1, 12);
  const day = random.int(1, 28);
  return `2026-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function clock(random: SeededRandom): string {
  return `${String(random.int(7, 21)).padStart(2, "0")}:${random.pick(["00", "15", "30", "45"])}`;
}
