import { CallFormatError, expectedError } from "./call-format-error.js";
import { dottedNameEnd, nameEnd } from "./identifier.js";
import { MAX_NESTING } from "./max-nesting.js";
import { type PythonNumber, readPythonNumber } from "./python-number-literal.js";
import { isStringPrefix, readPythonString } from "./python-string-literal.js";
import { isHashable, type PythonValue } from "./python-value.js";

const CONSTANTS: Record<string, PythonValue> = {
  True: { kind: "bool", value: true },
  False: { kind: "bool", value: false },
  None: { kind: "none" },
};

/**
 * A cursor over Python source that reads literals — what `ast.literal_eval` accepts, minus
 * complex numbers, bytes and sets — and the spacing between tokens. Never evaluates anything:
 * a name is an error, and a name followed by `(` is a nested call, which is an error too.
 * Offsets in errors are indices into `text`, which is the whole model output (or a prefix of it).
 */
export class PythonLiteralParser {
  pos: number;
  readonly text: string;

  constructor(text: string, start: number) {
    this.text = text;
    this.pos = start;
  }

  peek(ahead = 0): string | undefined {
    return this.text[this.pos + ahead];
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  /** Skips spaces, line breaks, line continuations and comments; says whether a line ended. */
  skipSpace(): boolean {
    const text = this.text;
    let pos = this.pos;
    let sawNewline = false;
    for (;;) {
      const char = text[pos];
      if (char === " " || char === "\t" || char === "\f") pos++;
      else if (char === "\n" || char === "\r") {
        sawNewline = true;
        pos++;
      } else if (char === "\\" && (text[pos + 1] === "\n" || text[pos + 1] === "\r")) pos += 2;
      else if (char === "#") {
        while (pos < text.length && text[pos] !== "\n" && text[pos] !== "\r") pos++;
      } else {
        this.pos = pos;
        return sawNewline;
      }
    }
  }

  /** Reads a plain name (no dots) at the cursor, or returns undefined and stays put. */
  readName(): string | undefined {
    const end = nameEnd(this.text, this.pos);
    if (end === this.pos) return undefined;
    const name = this.text.slice(this.pos, end);
    this.pos = end;
    return name;
  }

  /** Reads one literal value, after any spacing. `depth` counts the containers around it. */
  parseValue(depth: number): PythonValue {
    this.skipSpace();
    const start = this.pos;
    const char = this.peek();
    if (char === "'" || char === '"') return this.readStrings();
    if (char === "-" || char === "+") return this.readSigned();
    if (isNumberStart(char, this.peek(1))) return this.readNumber();
    if (char === "[" || char === "(" || char === "{") {
      if (depth >= MAX_NESTING) throw new CallFormatError(`nesting deeper than ${MAX_NESTING} levels`, start);
      if (char === "[") {
        this.pos++;
        return { kind: "list", items: this.readItems("]", depth, []) };
      }
      return char === "(" ? this.readParenthesized(depth) : this.readBraces(depth);
    }
    const nameEndPos = dottedNameEnd(this.text, start);
    if (nameEndPos === start) {
      const what = char === undefined ? "a value" : `a value, found '${char}'`;
      throw expectedError(what, this.text, start);
    }
    const name = this.text.slice(start, nameEndPos);
    const quote = this.text[nameEndPos];
    if ((quote === "'" || quote === '"') && isStringPrefix(name)) return this.readStrings();
    const constant = CONSTANTS[name];
    if (constant !== undefined) {
      this.pos = nameEndPos;
      return constant;
    }
    this.pos = nameEndPos;
    this.skipSpace();
    if (this.peek() === "(") throw new CallFormatError("nested calls are not supported", start);
    throw new CallFormatError(`expected a literal value, found the name '${name}'`, start);
  }

  /** Adjacent literals are one string in Python: `'a' "b"` is `'ab'`. */
  private readStrings(): PythonValue {
    let value = "";
    for (;;) {
      const literal = readPythonString(this.text, this.pos);
      value += literal.value;
      this.pos = literal.end;
      const afterLiteral = this.pos;
      this.skipSpace();
      if (!this.atStringStart()) {
        this.pos = afterLiteral;
        return { kind: "str", value };
      }
    }
  }

  private atStringStart(): boolean {
    const char = this.peek();
    if (char === "'" || char === '"') return true;
    const end = nameEnd(this.text, this.pos);
    const quote = this.text[end];
    return (quote === "'" || quote === '"') && isStringPrefix(this.text.slice(this.pos, end));
  }

  /** A sign applies to a number literal only, as in `ast.literal_eval`: `-5`, `- 2.5`, `+1`. */
  private readSigned(): PythonValue {
    const start = this.pos;
    const negative = this.peek() === "-";
    this.pos++;
    this.skipSpace();
    if (!isNumberStart(this.peek(), this.peek(1))) {
      throw expectedError(`a number after '${negative ? "-" : "+"}'`, this.text, this.pos);
    }
    const number = this.readNumber(start);
    if (!negative) return number;
    return number.kind === "int"
      ? { kind: "int", value: -number.value }
      : { kind: "float", value: -number.value };
  }

  /** Errors point at `errorOffset` when given, so that `-1e400` is reported at its sign. */
  private readNumber(errorOffset?: number): PythonNumber {
    try {
      const { value, end } = readPythonNumber(this.text, this.pos);
      this.pos = end;
      return value;
    } catch (error) {
      if (error instanceof CallFormatError && errorOffset !== undefined) {
        throw new CallFormatError(error.reason, errorOffset);
      }
      throw error;
    }
  }

  /** Items up to `close`, comma-separated, a trailing comma allowed; the cursor is past an opener or a comma. */
  private readItems(close: "]" | ")", depth: number, items: PythonValue[]): PythonValue[] {
    for (;;) {
      this.skipSpace();
      if (this.peek() === close) {
        this.pos++;
        return items;
      }
      items.push(this.parseValue(depth + 1));
      this.skipSpace();
      if (this.peek() === ",") this.pos++;
      else if (this.peek() !== close) throw expectedError(`',' or '${close}'`, this.text, this.pos);
    }
  }

  /** `()` and `(1,)` are tuples; `(1)` is just 1, as in Python. */
  private readParenthesized(depth: number): PythonValue {
    this.pos++;
    this.skipSpace();
    if (this.peek() === ")") {
      this.pos++;
      return { kind: "tuple", items: [] };
    }
    const first = this.parseValue(depth + 1);
    this.skipSpace();
    if (this.peek() === ")") {
      this.pos++;
      return first;
    }
    if (this.peek() !== ",") throw expectedError("',' or ')'", this.text, this.pos);
    this.pos++;
    return { kind: "tuple", items: this.readItems(")", depth, [first]) };
  }

  /** `{}` and `{k: v}` are dicts; `{1, 2}` is a set, which has no JSON form and is refused. */
  private readBraces(depth: number): PythonValue {
    const open = this.pos;
    this.pos++;
    const entries: Array<[PythonValue, PythonValue]> = [];
    for (;;) {
      this.skipSpace();
      if (this.peek() === "}") {
        this.pos++;
        return { kind: "dict", entries };
      }
      const keyStart = this.pos;
      const key = this.parseValue(depth + 1);
      this.skipSpace();
      if (this.peek() !== ":") {
        const isSet = entries.length === 0 && (this.peek() === "," || this.peek() === "}");
        if (isSet) throw new CallFormatError("set literals are not supported (JSON has no sets)", open);
        throw expectedError("':'", this.text, this.pos);
      }
      if (!isHashable(key)) throw new CallFormatError(`unhashable dict key (${key.kind})`, keyStart);
      this.pos++;
      entries.push([key, this.parseValue(depth + 1)]);
      this.skipSpace();
      if (this.peek() === ",") this.pos++;
      else if (this.peek() !== "}") throw expectedError("',' or '}'", this.text, this.pos);
    }
  }
}

function isNumberStart(char: string | undefined, next: string | undefined): boolean {
  return isDigit(char) || (char === "." && isDigit(next));
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= "0" && char <= "9";
}
