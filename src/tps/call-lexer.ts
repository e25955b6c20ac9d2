import { TOOL_CHAT_TOKENS } from "../chat-template/index.js";
import type { TokenClass } from "./token-class.js";

const OPEN = TOOL_CHAT_TOKENS.toolCallStart;
const CLOSE = TOOL_CHAT_TOKENS.toolCallEnd;
const NAME_KEYS = new Set(["name"]);
const ARGUMENT_KEYS = new Set(["arguments", "parameters"]);

/** Thrown inside the lexer where a call stops being valid JSON; never escapes it. */
class Stop extends Error {}

/**
 * Classifies every character (UTF-16 unit) of a completion: prose, or a part of a call written as
 * JSON — in `<tool_call>` tags, or bare at the start of the text or of a line — as `{"name",
 * "arguments"}` objects (also `parameters`, OpenAI's `{"type": "function", "function": {...}}`,
 * and arrays of calls). It reads broken and unfinished output too: from where a call stops being
 * valid, the rest of its block is `structure`.
 */
export function classifyCharacters(text: string): TokenClass[] {
  const classes = new Array<TokenClass>(text.length).fill("text");
  let i = 0;
  while (i < text.length) {
    const tagged = text.startsWith(OPEN, i);
    const bare = !tagged && (text[i] === "{" || text[i] === "[") && atLineStart(text, i);
    if (!tagged && !bare) {
      i++;
      continue;
    }
    const blockEnd = tagged ? indexOrEnd(text, CLOSE, i + OPEN.length) : text.length;
    const lexer = new JsonLexer(text, classes, blockEnd);
    const start = tagged ? i + OPEN.length : i;
    if (tagged) classes.fill("structure", i, start);
    let end: number | undefined;
    try {
      end = lexer.calls(start);
    } catch {
      end = undefined;
    }
    if (tagged) {
      // Whatever follows the call inside the tags, parsed or not, is the call format going wrong.
      classes.fill("structure", end ?? lexer.position, Math.min(text.length, blockEnd + CLOSE.length));
      i = blockEnd + CLOSE.length;
    } else if (end === undefined) {
      // A bare bracket that does not open a call: the attempt's line is format, then prose again.
      const lineEnd = indexOrEnd(text, "\n", lexer.position);
      classes.fill("structure", lexer.position, lineEnd);
      i = Math.max(lineEnd, i + 1);
    } else i = end;
  }
  return classes;
}

function atLineStart(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (text[j] === " " || text[j] === "\t")) j--;
  return j < 0 || text[j] === "\n";
}

function indexOrEnd(text: string, search: string, from: number): number {
  const index = text.indexOf(search, from);
  return index === -1 ? text.length : index;
}

/** A recursive-descent reader over one call block that writes classes instead of building values. */
class JsonLexer {
  position = 0;

  constructor(
    private readonly text: string,
    private readonly classes: TokenClass[],
    private readonly end: number,
  ) {}

  /** One call object or an array of them, with spacing around; returns the index after it. */
  calls(start: number): number {
    this.position = start;
    this.space();
    if (this.peek() === "[") {
      this.mark("structure");
      this.space();
      if (this.peek() !== "]") {
        for (;;) {
          this.callObject();
          this.space();
          if (this.peek() !== ",") break;
          this.mark("structure");
          this.space();
        }
      }
      this.expect("]");
    } else this.callObject();
    this.space();
    return this.position;
  }

  private callObject(): void {
    this.object((key) => {
      if (NAME_KEYS.has(key) && this.peek() === '"') this.string("name", "name");
      else if (ARGUMENT_KEYS.has(key) && this.peek() === "{") this.object(() => this.argumentValue(), "key");
      else if (key === "function" && this.peek() === "{") this.callObject();
      else this.value("structure");
    }, "structure");
  }

  /** An argument value: its first character is `value-start`, the rest `value`; keys inside are `key`. */
  private argumentValue(): void {
    const c = this.peek();
    if (c === '"') this.string("value-start", "value", true);
    else if (c === "{") {
      this.mark("value-start");
      this.members(() => this.argumentValue(), "key");
    } else if (c === "[") {
      this.mark("value-start");
      this.elements(() => this.argumentValue());
    } else this.scalar("value-start", "value");
  }

  /** Any JSON value, all of one class (fixed parts of the call such as `"type": "function"`). */
  private value(tokenClass: TokenClass): void {
    const c = this.peek();
    if (c === '"') this.string(tokenClass, tokenClass);
    else if (c === "{") {
      this.mark(tokenClass);
      this.members(() => this.value(tokenClass), tokenClass);
    } else if (c === "[") {
      this.mark(tokenClass);
      this.elements(() => this.value(tokenClass));
    } else this.scalar(tokenClass, tokenClass);
  }

  private object(member: (key: string) => void, keyClass: TokenClass): void {
    this.space();
    this.expect("{");
    this.members(member, keyClass);
  }

  /** After `{`: `"key": value` pairs up to `}`. */
  private members(member: (key: string) => void, keyClass: TokenClass): void {
    this.space();
    if (this.peek() === "}") {
      this.mark("structure");
      return;
    }
    for (;;) {
      this.space();
      const key = this.string(keyClass, keyClass);
      this.space();
      this.expect(":");
      this.space();
      member(key);
      this.space();
      if (this.peek() === ",") {
        this.mark("structure");
        continue;
      }
      this.expect("}");
      return;
    }
  }

  /** After `[`: values up to `]`. */
  private elements(element: () => void): void {
    this.space();
    if (this.peek() === "]") {
      this.mark("structure");
      return;
    }
    for (;;) {
      this.space();
      element();
      this.space();
      if (this.peek() === ",") {
        this.mark("structure");
        continue;
      }
      this.expect("]");
      return;
    }
  }

  /**
   * A string literal; returns its raw content. Quotes are structure except, for a value, the
   * opening quote, which with the first character is `first` (for an empty string the closing quote is).
   */
  private string(first: TokenClass, rest: TokenClass, quoteIsValue = false): string {
    if (this.peek() !== '"') throw new Stop();
    this.mark(quoteIsValue ? first : "structure");
    const start = this.position;
    let firstDone = false;
    while (this.position < this.end) {
      const c = this.text[this.position];
      if (c === '"') {
        this.mark(quoteIsValue && !firstDone ? first : "structure");
        return this.text.slice(start, this.position - 1);
      }
      const width = c === "\\" ? 2 : 1;
      for (let k = 0; k < width && this.position < this.end; k++) this.mark(firstDone ? rest : first);
      firstDone = true;
    }
    throw new Stop();
  }

  /** A number, true/false/null (or any run of literal characters, to classify broken output sensibly). */
  private scalar(first: TokenClass, rest: TokenClass): void {
    const start = this.position;
    while (this.position < this.end && /[-+.\w]/.test(this.text[this.position] as string)) {
      this.mark(this.position === start ? first : rest);
    }
    if (this.position === start) throw new Stop();
  }

  private space(): void {
    while (this.position < this.end && /\s/.test(this.text[this.position] as string)) this.mark("structure");
  }

  private expect(c: string): void {
    if (this.peek() !== c) throw new Stop();
    this.mark("structure");
  }

  private peek(): string | undefined {
    return this.position < this.end ? this.text[this.position] : undefined;
  }

  private mark(tokenClass: TokenClass): void {
    this.classes[this.position] = tokenClass;
    this.position++;
  }
}
