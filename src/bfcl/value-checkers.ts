import { type CheckResult, invalid, passed } from "./check-result.js";
import { type PyValue, pyDictGet, pyIn, pyRepr, reprList, reprString } from "./python-value.js";

/**
 * BFCL's string normalisation: drop spaces and `,./-_*^`, lower-case, and read `'` as `"`, so
 * "April 1, 2024" and "april 1 2024" compare equal. Only the ASCII space goes; tabs stay.
 */
export function standardizeString(text: string): string {
  return text
    .replace(/[ ,./\-_*^]/g, "")
    .toLowerCase()
    .replaceAll("'", '"');
}

function standardized(value: PyValue): PyValue {
  return value.type === "str" ? { type: "str", value: standardizeString(value.value) } : value;
}

/**
 * The elements Python's `for i in range(len(x)): x[i]` walks: a list's items, or a string's
 * characters (BFCL indexes candidate values that way, so a string candidate acts as a list of its
 * characters and the optional marker `""` as an empty list). Anything else made BFCL raise.
 */
function indexable(value: PyValue): PyValue[] | undefined {
  if (value.type === "list" || value.type === "tuple") return value.items;
  if (value.type === "str") return [...value.value].map((char) => ({ type: "str", value: char }));
  return undefined;
}

/** `string_checker`: the normalised string must be among the normalised string candidates. */
export function stringChecker(param: string, value: string, possible: readonly PyValue[]): CheckResult {
  const candidates = possible.flatMap((answer) =>
    answer.type === "str" ? [standardizeString(answer.value)] : [],
  );
  if (candidates.includes(standardizeString(value))) return passed();
  return invalid(
    "value_error:string",
    `Invalid value for parameter ${reprString(param)}: ${reprString(value)}. Expected one of ${reprList(possible)}. Case insensitive.`,
  );
}

/** `list_checker`: the list, its top-level strings normalised, must equal a candidate, in order. */
export function listChecker(param: string, value: PyValue, possible: readonly PyValue[]): CheckResult {
  const items = indexable(value) ?? [];
  const model: PyValue = { type: "list", items: items.map(standardized) };
  const candidates = possible.flatMap((answer): PyValue[] => {
    const answerItems = indexable(answer);
    return answerItems ? [{ type: "list", items: answerItems.map(standardized) }] : [];
  });
  if (pyIn(model, candidates)) return passed();
  return invalid(
    "value_error:list/tuple",
    `Invalid value for parameter ${reprString(param)}: ${pyRepr(value)}. Expected one of ${reprList(possible)}.`,
  );
}

/** Python's `"" in x` for the accepted values of one dict key (a string contains "" always). */
function allowsMissing(accepted: PyValue): boolean {
  if (accepted.type === "list" || accepted.type === "tuple") {
    return accepted.items.some((item) => item.type === "str" && item.value === "");
  }
  if (accepted.type === "str") return true;
  if (accepted.type === "dict") return pyDictGet(accepted, "") !== undefined;
  return false;
}

/**
 * `dict_checker`: the model's dict against each pattern (key → accepted values) in turn; the first
 * pattern it fits makes it valid, otherwise the last pattern's failure is returned. Values are
 * compared one level deep, strings normalised. A failed value check is still followed by the
 * missing-key check, whose error type then wins, as in BFCL.
 */
export function dictChecker(param: string, value: PyValue, possible: readonly PyValue[]): CheckResult {
  let result = invalid("dict_checker:unclear");
  for (const pattern of possible) {
    if (pattern.type === "str" && pattern.value === "") continue;
    result = invalid("dict_checker:unclear");
    if (value.type !== "dict") {
      // BFCL raises here (an optional list-of-dict parameter given non-dict items).
      result = invalid(
        "type_error:nested",
        `Expected a dict in parameter ${reprString(param)}, got ${pyRepr(value)}.`,
      );
      continue;
    }
    if (pattern.type !== "dict") {
      // BFCL raises or misreads a non-dict pattern; nothing can match it.
      result = invalid("value_error:dict_key", `Possible answer ${pyRepr(pattern)} is not a dict.`);
      continue;
    }
    let fits = true;
    for (const [key, item] of value.entries) {
      const accepted = pyDictGet(pattern, key);
      if (accepted === undefined) {
        result.errors.push(`Unexpected dict key parameter: '${key}'.`);
        result.errorType = "value_error:dict_key";
        fits = false;
        break;
      }
      const candidates = (indexable(accepted) ?? [accepted]).map(standardized);
      if (!pyIn(standardized(item), candidates)) {
        result.errors.push(
          `Invalid value for parameter ${reprString(key)}: ${pyRepr(item)}. Expected one of ${reprList(candidates)}.`,
        );
        result.errorType = "value_error:dict_value";
        fits = false;
        break;
      }
    }
    for (const [key, accepted] of pattern.entries) {
      if (pyDictGet(value, key) === undefined && !allowsMissing(accepted)) {
        result.errors.push(`Missing dict key parameter: '${key}'.`);
        result.errorType = "value_error:dict_key";
        fits = false;
        break;
      }
    }
    if (fits) return passed();
  }
  return result;
}

/**
 * `list_dict_checker`: a list of dicts against each candidate list of patterns; lengths must match
 * and the dicts are checked position by position (order matters). The last candidate's failure is
 * returned when none fits.
 */
export function listDictChecker(param: string, value: PyValue, possible: readonly PyValue[]): CheckResult {
  const items = indexable(value) ?? [];
  let result = invalid("list_dict_checker:unclear");
  for (const candidate of possible) {
    const patterns = candidate.type === "dict" ? undefined : indexable(candidate);
    if (!patterns || patterns.length !== items.length) {
      result = invalid("value_error:list_dict_count", "Wrong number of dictionaries in the list.");
      continue;
    }
    let fits = true;
    for (let i = 0; i < items.length; i++) {
      result = dictChecker(param, items[i]!, [patterns[i]!]);
      if (!result.valid) {
        fits = false;
        break;
      }
    }
    if (fits) return passed();
  }
  return result;
}
