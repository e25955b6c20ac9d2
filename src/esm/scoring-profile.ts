import { InputError } from "../errors/input-error.js";
import { isJsonObject } from "../json/json-value.js";

/** How ESM weighs the parts of a call. The default is the authors' released scorer. */
export interface ScoringProfile {
  /** Each part's weight; a call's score is the weighted sum of the parts' credits over the total weight. */
  weights: {
    /** The function name is right. */
    name: number;
    /** Share of the required arguments (schema `required` and non-optional reference arguments) present. */
    required: number;
    /** Share of the given argument keys that the function knows. */
    keys: number;
    /** Share of the known given arguments whose value has the schema's type. */
    types: number;
    /** Mean value credit over the reference's arguments that were given or are required. */
    values: number;
  };
  /** Credit for a string value that is not exactly an accepted one (exact is 1, anything else 0). */
  stringCredit: {
    /** Equal once case, spaces and BFCL's punctuation (`,./-_*^`) are ignored. */
    caseInsensitive: number;
    /** One contains the other, ignoring case. */
    substring: number;
  };
  /** A score below this is "not good enough": TPS then takes the reference call as chosen. */
  threshold: number;
}

export const DEFAULT_PROFILE: ScoringProfile = {
  weights: { name: 3, required: 3, keys: 1, types: 2, values: 2 },
  stringCredit: { caseInsensitive: 0.75, substring: 0.5 },
  threshold: 0.8,
};

/**
 * The default profile with the given fields replaced. Unknown fields and non-numbers are errors, so
 * a typo in a profile file does not silently score with defaults.
 */
export function resolveProfile(overrides: unknown = {}, where: { file?: string } = {}): ScoringProfile {
  const fail = (field: string, problem: string): never => {
    throw new InputError(`scoring profile field '${field}': ${problem}`, { ...where, field });
  };
  if (!isJsonObject(overrides)) return fail("(root)", "must be an object");
  const merged = structuredClone(DEFAULT_PROFILE) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    const current = merged[key];
    if (current === undefined) fail(key, `unknown field (known: ${Object.keys(DEFAULT_PROFILE).join(", ")})`);
    if (typeof current === "number") {
      if (typeof value !== "number" || !(value >= 0)) fail(key, "must be a number >= 0");
      merged[key] = value;
      continue;
    }
    if (!isJsonObject(value)) return fail(key, "must be an object");
    const group = current as Record<string, number>;
    for (const [inner, number] of Object.entries(value)) {
      if (!(inner in group))
        fail(`${key}.${inner}`, `unknown field (known: ${Object.keys(group).join(", ")})`);
      if (typeof number !== "number" || !(number >= 0)) fail(`${key}.${inner}`, "must be a number >= 0");
      group[inner] = number as number;
    }
  }
  const profile = merged as unknown as ScoringProfile;
  if (Object.values(profile.weights).every((weight) => weight === 0))
    fail("weights", "at least one must be > 0");
  return profile;
}
