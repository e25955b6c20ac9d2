import type { ChatToolCall } from "../../src/dataset/chat-message.js";
import type { JsonObject } from "../../src/json/json-value.js";
import { SeededRandom } from "../../src/random/seeded-random.js";
import { formatPythonCalls } from "../../src/tool-calls/index.js";
import type { ToolCall } from "../../src/tool-calls/tool-call.js";
import type { Toolset } from "../../src/tools/tool-definition.js";

export interface BenchItem {
  /** The prediction line as it would be read from a file. */
  line: string;
  reference: ToolCall[];
  calls: number;
}

const KINDS = [
  "correct",
  "swap",
  "wrong_name",
  "missing",
  "unexpected",
  "type",
  "value",
  "extra",
  "missing_call",
  "no_call",
  "format",
] as const;

/**
 * Predictions against references over a toolset: a mix of correct outputs and each error type, single
 * and parallel calls, written as OpenAI messages, `<tool_call>` JSON and BFCL Python syntax.
 */
export function generatePredictions(tools: Toolset, count: number, seed: number): BenchItem[] {
  const random = new SeededRandom(seed);
  const items: BenchItem[] = [];
  for (let i = 0; i < count; i++) {
    const reference = Array.from({ length: random.chance(0.3) ? random.int(2, 4) : 1 }, () =>
      referenceCall(tools, random),
    );
    let calls: ToolCall[] = reference.map((call) => ({ name: call.name, arguments: { ...call.arguments } }));
    const kind = random.pick(KINDS);
    const target = calls[0]!;
    const keys = Object.keys(target.arguments);
    switch (kind) {
      case "swap":
        calls.reverse();
        break;
      case "wrong_name":
        target.name = `${target.name}_v2`;
        break;
      case "missing":
        if (keys[0]) delete target.arguments[keys[0]];
        break;
      case "unexpected":
        target.arguments.verbose = true;
        break;
      case "type":
        if (keys[0]) target.arguments[keys[0]] = 12345;
        break;
      case "value":
        if (keys[0])
          target.arguments[keys[0]] = typeof target.arguments[keys[0]] === "string" ? "something else" : 7;
        break;
      case "extra":
        calls.push(referenceCall(tools, random));
        break;
      case "missing_call":
        calls = calls.slice(0, Math.max(1, calls.length - 1));
        break;
    }
    const output =
      kind === "no_call"
        ? "I am not able to help with that request."
        : kind === "format"
          ? `[${target.name}(${keys[0] ?? "x"}='unterminated)]`
          : render(calls, random);
    items.push({ line: JSON.stringify({ id: `p${i}`, output }), reference, calls: calls.length });
  }
  return items;
}

function referenceCall(tools: Toolset, random: SeededRandom): ToolCall {
  const tool = random.pick(tools);
  const properties = (tool.function.parameters.properties ?? {}) as Record<
    string,
    { type?: string; enum?: string[] }
  >;
  const args: JsonObject = {};
  for (const [key, schema] of Object.entries(properties).slice(0, 4)) {
    if (schema.enum) args[key] = random.pick(schema.enum);
    else if (schema.type === "integer") args[key] = random.int(1, 100);
    else if (schema.type === "number") args[key] = random.int(1, 10000) / 100;
    else if (schema.type === "boolean") args[key] = random.chance(0.5);
    else if (schema.type === "array") args[key] = ["alpha", "beta"];
    else if (schema.type === "object") continue;
    else
      args[key] = random.pick(["Paris", "Lisbon Portugal", "2026-03-14", "Ana Silva", "wireless headphones"]);
  }
  return { name: tool.function.name, arguments: args };
}

function render(calls: ToolCall[], random: SeededRandom): unknown {
  const style = random.int(0, 2);
  if (style === 0) {
    const toolCalls: ChatToolCall[] = calls.map((call, k) => ({
      id: `call_${k}`,
      type: "function",
      function: { name: call.name, arguments: JSON.stringify(call.arguments) },
    }));
    return { role: "assistant", content: null, tool_calls: toolCalls };
  }
  if (style === 1) {
    return calls
      .map(
        (call) => `<tool_call>${JSON.stringify({ name: call.name, arguments: call.arguments })}</tool_call>`,
      )
      .join("\n");
  }
  return formatPythonCalls(calls);
}
