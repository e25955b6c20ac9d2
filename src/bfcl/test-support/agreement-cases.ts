import type { DatasetRecord } from "../../dataset/dataset-record.js";
import { evalTargets } from "../../dataset/eval-targets.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../../json/json-value.js";
import { SeededRandom } from "../../random/index.js";
import type { ReferenceCall } from "../../reference/index.js";
import { childPath, formatPythonCalls, type PythonOnlyType, type ToolCall } from "../../tool-calls/index.js";
import { pythonFloatRepr } from "../../tool-calls/python-repr.js";
import type { Toolset } from "../../tools/index.js";
import { bfclTypeOf, itemsSchemaOf } from "../bfcl-type.js";

/** How an output is written, and which of BFCL's handlers decodes it (see bfcl_judge.py). */
export type Decoder = "python" | "json" | "tool_call" | "openai";

export interface AgreementCase {
  key: number;
  id: string;
  category: string;
  /** What was done to the output: `correct`, `wrong_name`, `int_float`, `prose`, ... */
  kind: string;
  decoder: Decoder;
  /** What ttpa parses: the text, or an OpenAI assistant message. */
  output: unknown;
  /** What BFCL's handler decodes: the text, or for `openai` what BFCL's response parser stores. */
  result: unknown;
}

type Calls = ToolCall[];
type Types = Record<string, PythonOnlyType>;

const DECODERS: readonly Decoder[] = ["python", "json", "tool_call", "openai"];

/**
 * Outputs for every record of an imported BFCL dataset, seeded: for the AST categories a correct
 * output in each format (accepted values picked at random, optional parameters left out at random,
 * numbers spelled as the answer file spells them) and one of each perturbation that applies, in a
 * random format; for the (ir)relevance categories outputs with and without a call. Prose, broken
 * and empty outputs go to every category.
 */
export function agreementCases(records: readonly DatasetRecord[], seed: number): AgreementCase[] {
  const cases: AgreementCase[] = [];
  records.forEach((record, index) => {
    const random = SeededRandom.forItem(seed, index);
    const reference = evalTargets(record)[0]?.reference ?? [];
    const category = record.meta.category ?? "";
    const add = (kind: string, calls: Calls | string, decoder: Decoder = random.pick(DECODERS)) => {
      const written = write(calls, decoder);
      cases.push({ key: cases.length, id: record.id, category, kind, ...written });
    };
    const sample = () => reference.map((call) => sampleCall(call, record.tools, random));
    const relevance = category.includes("relevance") || reference.length === 0;
    if (relevance) {
      add("call", [anyCall(record.tools, random)]);
      add("two_calls", [anyCall(record.tools, random), anyCall(record.tools, random)]);
    } else {
      for (const decoder of DECODERS) add("correct", sample(), decoder);
      for (const [kind, perturb] of PERTURBATIONS) {
        const calls = perturb(sample(), record.tools, random);
        if (calls) add(kind, calls);
      }
    }
    add("prose", "I'm sorry, none of the available functions can help with that request.");
    add("empty", []);
    const someCalls = relevance ? [anyCall(record.tools, random)] : sample();
    const whole = write(someCalls, random.pick(["python", "json", "tool_call"] as const));
    add("broken", brokenText(whole.output as string, random), whole.decoder);
    const python = pythonText(someCalls);
    if (python !== undefined) {
      add("prose_around_call", `Sure! ${python}`, "python");
      // A list cut short after a whole call, which BFCL's decoder closes itself.
      add("unclosed_list", random.chance(0.5) ? python.slice(0, -1) : `${python.slice(0, -1)}, `, "python");
    }
  });
  return cases;
}

/**
 * A call of the reference: a random accepted value per argument; optional ones left out at random,
 * or given as "" (the optional marker, which BFCL also matches as a value).
 */
function sampleCall(reference: ReferenceCall, tools: Toolset, random: SeededRandom): ToolCall {
  const properties = propertiesOf(tools, reference.name);
  const args: JsonObject = {};
  const types: Types = {};
  for (const [param, answer] of Object.entries(reference.arguments)) {
    if (answer.optional) {
      const roll = random.next();
      if (roll < 0.4 || answer.accepted.length === 0) {
        // BFCL's optional marker "" is also a value that matches itself: sometimes given explicitly.
        if (roll < 0.1 || (answer.accepted.length === 0 && roll < 0.5)) args[param] = "";
        continue;
      }
    } else if (answer.accepted.length === 0) continue;
    const i = random.int(0, answer.accepted.length - 1);
    const spelled = (path: string) => answer.pythonTypes?.[path] === "float";
    args[param] = concrete(answer.accepted[i]!, properties[param], childPath("$", i), childPath("$", param));
    function concrete(value: JsonValue, schema: unknown, from: string, to: string): JsonValue {
      const type = bfclTypeOf(schema);
      if (type === "dict" && isJsonObject(value)) return fromPattern(value, from, to);
      if (
        (type === "array" || type === "tuple") &&
        Array.isArray(value) &&
        bfclTypeOf(itemsSchemaOf(schema)) === "dict"
      ) {
        return value.map((item, k) =>
          isJsonObject(item)
            ? fromPattern(item, childPath(from, k), childPath(to, k))
            : copy(item, childPath(from, k), childPath(to, k)),
        );
      }
      return copy(value, from, to);
    }
    function fromPattern(pattern: JsonObject, from: string, to: string): JsonObject {
      const out: JsonObject = {};
      for (const [key, candidates] of Object.entries(pattern)) {
        const list = Array.isArray(candidates) ? candidates : [candidates];
        if (list.length === 0) continue;
        const k = random.int(0, list.length - 1);
        if (list[k] === "") continue;
        const source = Array.isArray(candidates) ? childPath(childPath(from, key), k) : childPath(from, key);
        out[key] = copy(list[k]!, source, childPath(to, key));
      }
      return out;
    }
    function copy(value: JsonValue, from: string, to: string): JsonValue {
      if (typeof value === "number" && spelled(from)) types[to] = "float";
      if (Array.isArray(value))
        return value.map((item, k) => copy(item, childPath(from, k), childPath(to, k)));
      if (isJsonObject(value)) {
        return Object.fromEntries(
          Object.entries(value).map(([key, item]) => [
            key,
            copy(item, childPath(from, key), childPath(to, key)),
          ]),
        );
      }
      return value;
    }
  }
  return { name: reference.name, arguments: args, pythonTypes: types };
}

/** A call of a random tool with a plain value for each required parameter (some entries have no tools). */
function anyCall(tools: Toolset, random: SeededRandom): ToolCall {
  if (tools.length === 0) return { name: "lookup", arguments: { query: "value" } };
  const tool = random.pick(tools).function;
  const properties = propertiesOf(tools, tool.name);
  const required = Array.isArray(tool.parameters.required) ? tool.parameters.required : [];
  const args: JsonObject = {};
  for (const param of required) {
    if (typeof param !== "string") continue;
    const type = bfclTypeOf(properties[param]);
    args[param] =
      type === "integer"
        ? 3
        : type === "float"
          ? 2.5
          : type === "boolean"
            ? true
            : type === "array" || type === "tuple"
              ? []
              : type === "dict"
                ? {}
                : "value";
  }
  return { name: tool.name, arguments: args };
}

function propertiesOf(tools: Toolset, name: string): Record<string, unknown> {
  const tool = tools.find((candidate) => candidate.function.name === name);
  const properties = tool?.function.parameters.properties;
  return isJsonObject(properties) ? properties : {};
}

type Perturbation = (calls: Calls, tools: Toolset, random: SeededRandom) => Calls | undefined;

/** A leaf (or whole argument) of one call, by its path steps below the arguments object. */
interface Spot {
  call: ToolCall;
  steps: Array<string | number>;
  value: JsonValue;
  path: string;
}

function spots(calls: Calls, deep: boolean): Spot[] {
  const found: Spot[] = [];
  for (const call of calls) {
    const visit = (value: JsonValue, steps: Array<string | number>, path: string) => {
      found.push({ call, steps, value, path });
      if (!deep) return;
      if (Array.isArray(value)) {
        for (const [i, item] of value.entries()) visit(item, [...steps, i], childPath(path, i));
      } else if (isJsonObject(value)) {
        for (const [key, item] of Object.entries(value)) visit(item, [...steps, key], childPath(path, key));
      }
    };
    for (const [key, value] of Object.entries(call.arguments)) visit(value, [key], childPath("$", key));
  }
  return found;
}

function setAt(spot: Spot, value: JsonValue, types?: Types): void {
  let container: JsonValue = spot.call.arguments;
  for (const step of spot.steps.slice(0, -1))
    container = (container as Record<string | number, JsonValue>)[step]!;
  (container as Record<string | number, JsonValue>)[spot.steps.at(-1)!] = value;
  const own = spot.call.pythonTypes ?? {};
  for (const path of Object.keys(own))
    if (path === spot.path || path.startsWith(`${spot.path}[`) || path.startsWith(`${spot.path}.`))
      delete own[path];
  Object.assign(own, types ?? {});
  spot.call.pythonTypes = own;
}

const PERTURBATIONS: Array<[string, Perturbation]> = [
  [
    "wrong_name",
    (calls, tools, random) => {
      const call = random.pick(calls);
      const others = tools.map((tool) => tool.function.name).filter((name) => name !== call.name);
      call.name = others.length > 0 && random.chance(0.5) ? random.pick(others) : `${call.name}_v2`;
      return calls;
    },
  ],
  [
    "missing_arg",
    (calls, _tools, random) => {
      const withArgs = calls.filter((call) => Object.keys(call.arguments).length > 0);
      if (withArgs.length === 0) return undefined;
      const call = random.pick(withArgs);
      delete call.arguments[random.pick(Object.keys(call.arguments))];
      return calls;
    },
  ],
  [
    "unexpected_arg",
    (calls, tools, random) => {
      const call = random.pick(calls);
      const unused = Object.keys(propertiesOf(tools, call.name)).filter((key) => !(key in call.arguments));
      call.arguments[unused.length > 0 && random.chance(0.5) ? random.pick(unused) : "ttpa_extra"] = "extra";
      return calls;
    },
  ],
  [
    "wrong_type",
    (calls, _tools, random) => {
      const candidates = spots(calls, random.chance(0.3));
      if (candidates.length === 0) return undefined;
      const spot = random.pick(candidates);
      const value = spot.value;
      const replaced: JsonValue =
        typeof value === "string"
          ? random.chance(0.5)
            ? 7
            : [value]
          : typeof value === "number"
            ? String(value)
            : typeof value === "boolean"
              ? random.chance(0.5)
                ? "true"
                : 1
              : value === null
                ? "None"
                : Array.isArray(value)
                  ? JSON.stringify(value)
                  : "dict";
      setAt(spot, replaced);
      return calls;
    },
  ],
  [
    "int_float",
    (calls, _tools, random) => {
      const numbers = spots(calls, true).filter(
        (spot) => typeof spot.value === "number" && Number.isInteger(spot.value),
      );
      if (numbers.length === 0) return undefined;
      const spot = random.pick(numbers);
      const isFloat = spot.call.pythonTypes?.[spot.path] === "float";
      setAt(spot, spot.value, isFloat ? {} : { [spot.path]: "float" });
      return calls;
    },
  ],
  [
    "wrong_value",
    (calls, _tools, random) => {
      const candidates = spots(calls, random.chance(0.5)).filter(
        (spot) => spot.value !== null && !isJsonObject(spot.value),
      );
      if (candidates.length === 0) return undefined;
      const spot = random.pick(candidates);
      const value = spot.value;
      const isFloat = spot.call.pythonTypes?.[spot.path] === "float";
      if (typeof value === "string") setAt(spot, `${value}x`);
      else if (typeof value === "number") setAt(spot, value + 1, isFloat ? { [spot.path]: "float" } : {});
      else if (typeof value === "boolean") setAt(spot, !value);
      else if (Array.isArray(value))
        setAt(spot, value.length > 0 && random.chance(0.5) ? value.slice(1) : [...value, value[0] ?? "x"]);
      return calls;
    },
  ],
  [
    "string_variant",
    (calls, _tools, random) => {
      const strings = spots(calls, true).filter(
        (spot) => typeof spot.value === "string" && spot.value !== "",
      );
      if (strings.length === 0) return undefined;
      const spot = random.pick(strings);
      const text = spot.value as string;
      const variants = [
        text.toUpperCase(),
        text.toLowerCase(),
        text.replaceAll(" ", "-"),
        `${text}.`,
        text.replaceAll(" ", ""),
        ` ${text}`,
        text.replaceAll(" ", "\t"),
      ];
      setAt(spot, random.pick(variants));
      return calls;
    },
  ],
  [
    "list_order",
    (calls, _tools, random) => {
      const lists = spots(calls, true).filter(
        (spot) =>
          Array.isArray(spot.value) && new Set(spot.value.map((item) => JSON.stringify(item))).size > 1,
      );
      if (lists.length === 0) return undefined;
      const spot = random.pick(lists);
      const items = spot.value as JsonValue[];
      // The item types move with the items.
      const moved: Types = {};
      const order = items.map((_, i) => items.length - 1 - i);
      const own = spot.call.pythonTypes ?? {};
      order.forEach((from, to) => {
        const prefix = childPath(spot.path, from);
        for (const [path, type] of Object.entries(own)) {
          if (path === prefix || path.startsWith(`${prefix}[`) || path.startsWith(`${prefix}.`))
            moved[`${childPath(spot.path, to)}${path.slice(prefix.length)}`] = type;
        }
      });
      setAt(
        spot,
        order.map((from) => items[from]!),
        moved,
      );
      return calls;
    },
  ],
  ["swap_calls", (calls) => (calls.length > 1 ? [...calls].reverse() : undefined)],
  ["drop_call", (calls, _tools, random) => calls.filter((_, i) => i !== random.int(0, calls.length - 1))],
  ["extra_call", (calls, _tools, random) => [...calls, structuredClone(random.pick(calls))]],
];

/** Calls' text gone wrong: cut short, or with its last bracket doubled. */
function brokenText(text: string, random: SeededRandom): string {
  return random.chance(0.5)
    ? text.slice(0, Math.max(1, Math.floor(text.length / 2)))
    : `${text}${text.at(-1)}`;
}

function pythonText(calls: Calls): string | undefined {
  try {
    return formatPythonCalls(calls);
  } catch {
    return undefined;
  }
}

/** JSON text of `value`, numbers marked float written as floats (`5.0`), as Python's json.dumps does. */
function typedJson(value: JsonValue, path: string, types: Types): string {
  if (typeof value === "number")
    return types[path] === "float" ? pythonFloatRepr(value) : JSON.stringify(value);
  if (Array.isArray(value))
    return `[${value.map((item, i) => typedJson(item, childPath(path, i), types)).join(", ")}]`;
  if (isJsonObject(value)) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}: ${typedJson(item, childPath(path, key), types)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(value);
}

function argumentsJson(call: ToolCall): string {
  return typedJson(call.arguments, "$", call.pythonTypes ?? {});
}

function jsonCalls(calls: Calls): string {
  return `[${calls.map((call) => `{"name": ${JSON.stringify(call.name)}, "arguments": ${argumentsJson(call)}}`).join(", ")}]`;
}

/**
 * The output in the decoder's format, for ttpa (`output`) and for BFCL's handler (`result`). Calls
 * that Python syntax cannot write (a name that is not a Python name) are written as JSON instead.
 */
function write(
  calls: Calls | string,
  decoder: Decoder,
): { decoder: Decoder; output: unknown; result: unknown } {
  if (decoder === "openai") {
    if (typeof calls === "string")
      return { decoder, output: { role: "assistant", content: calls }, result: calls };
    const toolCalls = calls.map((call, i) => ({
      id: `call_${i}`,
      type: "function",
      function: { name: call.name, arguments: argumentsJson(call) },
    }));
    // BFCL's OpenAI handler stores [{name: arguments}] when there are tool calls, else the content.
    if (toolCalls.length === 0) return { decoder, output: { role: "assistant", content: "" }, result: "" };
    return {
      decoder,
      output: { role: "assistant", content: null, tool_calls: toolCalls },
      result: toolCalls.map((call) => ({ [call.function.name]: call.function.arguments })),
    };
  }
  if (typeof calls === "string") return { decoder, output: calls, result: calls };
  if (decoder === "python") {
    const text = pythonText(calls);
    return text === undefined ? write(calls, "json") : { decoder, output: text, result: text };
  }
  const text =
    decoder === "json"
      ? jsonCalls(calls)
      : calls
          .map(
            (call) =>
              `<tool_call>\n{"name": ${JSON.stringify(call.name)}, "arguments": ${argumentsJson(call)}}\n</tool_call>`,
          )
          .join("\n");
  return { decoder, output: text, result: text };
}
