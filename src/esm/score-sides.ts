import { isJsonObject, type JsonValue } from "../json/json-value.js";
import type { ReferenceArgument, ReferenceCall } from "../reference/reference-call.js";
import type { ToolCall } from "../tool-calls/tool-call.js";
import type { JsonSchema } from "../tools/tool-definition.js";

// The two sides of a call–reference comparison, each read once. `scoreCalls` compares every call
// with every reference, and finding a key among a handful of keys in an array (V8 compares them by
// pointer) is much faster than asking objects of many different shapes for it, above all for keys
// they lack, which V8 answers only through a slow runtime call.

/** An object's own enumerable keys and their values, asked as the object itself would be. */
export class KeyedValues<T> {
  readonly keys: string[];
  readonly values: T[];
  /**
   * Whether every key the object has beyond `keys` comes from `Object.prototype`; found out on the
   * first key that is not among `keys`, as most objects are never asked for one.
   */
  private plain: boolean | undefined;

  constructor(private readonly object: Record<string, T>) {
    this.keys = Object.keys(object);
    this.values = Object.values(object);
  }

  /** `key in object`. */
  has(key: string): boolean {
    return this.indexOf(key) >= 0 || this.inherits(key);
  }

  /** `object[key]`. */
  get(key: string): T | undefined {
    const index = this.indexOf(key);
    if (index >= 0) return this.values[index];
    return this.inherits(key) ? this.object[key] : undefined;
  }

  /** `keys.indexOf(key)`, as a loop the compiler inlines: keys are few, and a builtin call costs more. */
  private indexOf(key: string): number {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) if (keys[i] === key) return i;
    return -1;
  }

  /** Whether `key`, not one of `keys`, is still in the object (inherited, or not enumerable). */
  private inherits(key: string): boolean {
    this.plain ??=
      Object.getPrototypeOf(this.object) === Object.prototype &&
      Object.getOwnPropertyNames(this.object).length === this.keys.length;
    // `Object.prototype` has no prototype, and one object to ask is faster than many shapes.
    return this.plain ? key in Object.prototype : key in this.object;
  }
}

/** A predicted call, with its arguments read. */
export class CallSide {
  readonly args: KeyedValues<JsonValue>;

  constructor(readonly call: ToolCall) {
    this.args = new KeyedValues(call.arguments);
  }
}

/** A reference call with its arguments, its function's schema properties, and the keys it requires. */
export class ReferenceSide {
  readonly args: KeyedValues<ReferenceArgument>;
  readonly properties: KeyedValues<unknown>;
  /** Each required key once: the reference's non-optional arguments, then the schema's `required`. */
  readonly required: string[] = [];
  /** For each of `args.keys`, whether it is required. */
  readonly isRequired: boolean[];

  constructor(
    readonly reference: ReferenceCall,
    schema: JsonSchema | undefined,
  ) {
    this.args = new KeyedValues(reference.arguments);
    this.properties = new KeyedValues(isJsonObject(schema?.properties) ? schema.properties : {});
    const { keys, values } = this.args;
    keys.forEach((key, j) => {
      if (!values[j]!.optional) this.required.push(key);
    });
    const schemaRequired = Array.isArray(schema?.required) ? (schema.required as unknown[]) : [];
    for (const key of schemaRequired) {
      if (typeof key === "string" && !this.required.includes(key)) this.required.push(key);
    }
    this.isRequired = keys.map((key) => this.required.includes(key));
  }
}
