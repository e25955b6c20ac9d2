import type { JsonObject, JsonValue } from "../json/json-value.js";
import { CallFormatError, expectedError } from "./call-format-error.js";
import { childPath } from "./json-path.js";
import { MAX_NESTING } from "./max-nesting.js";
import { setOwn } from "./set-own.js";
import { skipWhitespace } from "./text-space.js";

const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * Where each parsed value began in the text, so that a call-shape problem found after parsing
 * (an object with no `name`, say) can still be reported at the right offset.
 */
export class JsonLocations {
  // Made on first use: a reader records every value, but most locations objects are never written.
  private values: WeakMap<object, Map<string | number, number>> | undefined;
  private keys: WeakMap<object, Map<string, number>> | undefined;
  private integralFloats: WeakMap<object, Set<string | number>> | undefined;

  recordValue(container: object, key: string | number, offset: number): void {
    this.values ??= new WeakMap();
    remember(this.values, container, key, offset);
  }

  recordKey(object: object, key: string, offset: number): void {
    this.keys ??= new WeakMap();
    remember(this.keys, object, key, offset);
  }

  /** `container[key]` was written as a float with an integral value (`1.0`, `2e3`), which a JS number cannot show. */
  recordIntegralFloat(container: object, key: string | number): void {
    this.integralFloats ??= new WeakMap();
    let set = this.integralFloats.get(container);
    if (set === undefined) {
      set = new Set();
      this.integralFloats.set(container, set);
    }
    set.add(key);
  }

  /** Whether any integral float was recorded at all. */
  hasIntegralFloats(): boolean {
    return this.integralFloats !== undefined;
  }

  isIntegralFloat(container: object, key: string | number): boolean {
    return this.integralFloats?.get(container)?.has(key) ?? false;
  }

  /** Where the value `container[key]` began, or `fallback` when that was not recorded. */
  offsetOf(container: object, key: string | number, fallback: number): number {
    return this.values?.get(container)?.get(key) ?? fallback;
  }

  /** Where the key `key` of `object` (its opening quote) was written, or `fallback`. */
  keyOffsetOf(object: object, key: string, fallback: number): number {
    return this.keys?.get(object)?.get(key) ?? fallback;
  }
}

function remember<K>(maps: WeakMap<object, Map<K, number>>, container: object, key: K, offset: number): void {
  let map = maps.get(container);
  if (map === undefined) {
    map = new Map();
    maps.set(container, map);
  }
  map.set(key, offset);
}

/**
 * Strict JSON (RFC 8259) read from `start`, returning the value and the index after it; text after
 * the value is left to the caller. Written by hand rather than with `JSON.parse` because a
 * format error must say where the output went wrong, and because calls are found inside
 * surrounding text. Throws `CallFormatError` with an offset into `text`.
 */
export function readJson(
  text: string,
  start: number,
  locations: JsonLocations = new JsonLocations(),
): { value: JsonValue; end: number } {
  const reader = new JsonReader(text, start, locations);
  const value = reader.value(0);
  return { value, end: reader.pos };
}

/**
 * `pythonTypes` for arguments read by `readJson`: the paths of integral floats, since `1.0` and
 * `1` differ for BFCL (a JSON reader in Python keeps `1.0` a float). Undefined when there are none.
 */
export function integralFloatTypes(
  args: JsonObject,
  locations: JsonLocations,
): Record<string, "float"> | undefined {
  if (!locations.hasIntegralFloats()) return undefined;
  let types: Record<string, "float"> | undefined;
  const visit = (container: JsonObject | JsonValue[], path: string) => {
    const entries: Array<[string | number, JsonValue]> = Array.isArray(container)
      ? container.map((item, index) => [index, item])
      : Object.entries(container);
    for (const [key, value] of entries) {
      const childPathText = childPath(path, key);
      if (typeof value === "number" && locations.isIntegralFloat(container, key)) {
        types ??= {};
        types[childPathText] = "float";
      } else if (typeof value === "object" && value !== null) {
        visit(value, childPathText);
      }
    }
  };
  visit(args, "$");
  return types;
}

class JsonReader {
  pos: number;
  /** Whether the last value read was a number written as an integral float. */
  private integralFloat = false;

  constructor(
    private readonly text: string,
    start: number,
    private readonly locations: JsonLocations,
  ) {
    this.pos = start;
  }

  value(depth: number): JsonValue {
    this.pos = skipWhitespace(this.text, this.pos);
    const char = this.text[this.pos];
    if (char === "{" || char === "[") {
      if (depth >= MAX_NESTING)
        throw new CallFormatError(`nesting deeper than ${MAX_NESTING} levels`, this.pos);
      return char === "{" ? this.object(depth) : this.array(depth);
    }
    if (char === '"') return this.string();
    if (char === "-" || (char !== undefined && char >= "0" && char <= "9")) return this.number();
    for (const [word, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    if (char === "'")
      throw new CallFormatError("expected a JSON value (JSON strings use double quotes)", this.pos);
    throw expectedError(
      char === undefined ? "a JSON value" : `a JSON value, found '${char}'`,
      this.text,
      this.pos,
    );
  }

  private object(depth: number): JsonObject {
    const object: JsonObject = {};
    this.pos++;
    this.pos = skipWhitespace(this.text, this.pos);
    if (this.text[this.pos] === "}") {
      this.pos++;
      return object;
    }
    for (;;) {
      this.pos = skipWhitespace(this.text, this.pos);
      if (this.text[this.pos] !== '"') throw expectedError("a string key", this.text, this.pos);
      const keyOffset = this.pos;
      const key = this.string();
      this.locations.recordKey(object, key, keyOffset);
      this.pos = skipWhitespace(this.text, this.pos);
      if (this.text[this.pos] !== ":") throw expectedError("':'", this.text, this.pos);
      this.pos = skipWhitespace(this.text, this.pos + 1);
      this.locations.recordValue(object, key, this.pos);
      this.integralFloat = false;
      setOwn(object, key, this.value(depth + 1));
      if (this.integralFloat) this.locations.recordIntegralFloat(object, key);
      this.pos = skipWhitespace(this.text, this.pos);
      const next = this.text[this.pos];
      this.pos++;
      if (next === "}") return object;
      if (next !== ",") throw expectedError("',' or '}'", this.text, this.pos - 1);
    }
  }

  private array(depth: number): JsonValue[] {
    const array: JsonValue[] = [];
    this.pos = skipWhitespace(this.text, this.pos + 1);
    if (this.text[this.pos] === "]") {
      this.pos++;
      return array;
    }
    for (;;) {
      this.pos = skipWhitespace(this.text, this.pos);
      this.locations.recordValue(array, array.length, this.pos);
      this.integralFloat = false;
      array.push(this.value(depth + 1));
      if (this.integralFloat) this.locations.recordIntegralFloat(array, array.length - 1);
      this.pos = skipWhitespace(this.text, this.pos);
      const next = this.text[this.pos];
      this.pos++;
      if (next === "]") return array;
      if (next !== ",") throw expectedError("',' or ']'", this.text, this.pos - 1);
    }
  }

  private string(): string {
    const start = this.pos;
    let value = "";
    let pos = start + 1;
    for (;;) {
      const char = this.text[pos];
      if (char === undefined) throw new CallFormatError("unterminated string", start);
      if (char === '"') {
        this.pos = pos + 1;
        return value;
      }
      if (char < " ") throw new CallFormatError("control character in string (escape it)", pos);
      if (char !== "\\") {
        value += char;
        pos++;
        continue;
      }
      const next = this.text[pos + 1];
      if (next === undefined) throw new CallFormatError("unterminated string", start);
      const simple = ESCAPES[next];
      if (simple !== undefined) {
        value += simple;
        pos += 2;
      } else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(this.text.slice(pos + 2, pos + 6))) {
        value += String.fromCharCode(Number.parseInt(this.text.slice(pos + 2, pos + 6), 16));
        pos += 6;
      } else {
        throw new CallFormatError(`invalid escape '\\${next}' in string`, pos);
      }
    }
  }

  private number(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (match === null) throw new CallFormatError("invalid number", this.pos);
    const value = Number(match[0]);
    if (!Number.isFinite(value)) throw new CallFormatError("number too large", this.pos);
    this.pos += match[0].length;
    this.integralFloat = Number.isInteger(value) && /[.eE]/.test(match[0]);
    return value;
  }
}
