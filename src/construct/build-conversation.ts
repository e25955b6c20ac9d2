import type { AssistantMessage, ChatMessage } from "../dataset/chat-message.js";
import type { DatasetRecord } from "../dataset/dataset-record.js";
import type { JsonValue } from "../json/json-value.js";
import { SeededRandom } from "../random/seeded-random.js";
import type { ToolCall } from "../tool-calls/tool-call.js";
import type { ArgumentValidator } from "../tools/argument-validator.js";
import type { Toolset } from "../tools/tool-definition.js";
import { ConstructionRejected } from "./construction-rejected.js";
import type { ConversationGenerator, StageContext, TurnKind } from "./conversation-generator.js";

/** User-supplied tool implementations: when a tool has one, it produces the results instead of the generator. */
export type ToolImplementations = Record<
  string,
  (args: Record<string, JsonValue>) => JsonValue | Promise<JsonValue>
>;

export interface BuildConversationOptions {
  generator: ConversationGenerator;
  /** The candidate tools of this conversation (a window of the toolset). */
  tools: Toolset;
  validator: ArgumentValidator;
  /** Record id. */
  id: string;
  index: number;
  seed: number;
  /** User turns in this conversation. Default 1. */
  turns?: number;
  /** Calls per user turn, drawn uniformly from [min, max]. Default [1, 3]. */
  callBudget?: [number, number];
  /** How many times a stage is asked again after an invalid answer. Default 2. */
  stageRetries?: number;
  toolImplementations?: ToolImplementations;
}

/**
 * Builds one conversation by reversed construction: per user turn, scenario → tool plan → call loop
 * (each call validated against its schema, then given a result) → final answer → the user query,
 * written last. Throws ConstructionRejected when a stage keeps failing.
 */
export async function buildConversation(options: BuildConversationOptions): Promise<DatasetRecord> {
  const { generator, tools, validator } = options;
  const random = SeededRandom.forItem(options.seed, options.index);
  const [minCalls, maxCalls] = options.callBudget ?? [1, 3];
  const retries = options.stageRetries ?? 2;
  const turns = options.turns ?? 1;
  const messages: ChatMessage[] = [];
  const previousTurns: StageContext["previousTurns"] = [];
  const scenarios: string[] = [];
  const kinds: TurnKind[] = [];
  const offers: Array<string[] | undefined> = [];
  let callCount = 0;

  for (let turn = 0; turn < turns; turn++) {
    const context: StageContext = {
      index: options.index,
      random,
      tools,
      previousTurns,
      memory: [],
      callBudget: random.int(minCalls, maxCalls),
      maxCalls,
    };
    context.scenario = await withRetries("scenario", retries, context, () => generator.scenario(context));
    context.plan = await withRetries("plan", retries, context, () => generator.selectTools(context));
    if (context.plan.calls !== undefined) context.callBudget = Math.min(context.plan.calls, maxCalls);
    const turnMessages: ChatMessage[] = [];
    while (context.memory.length < context.callBudget) {
      const step = await withRetries("call", retries, context, async () => {
        const next = await generator.nextStep(context);
        if (next.type === "calls") for (const call of next.calls) assertValidCall(call, validator);
        return next;
      });
      if (step.type === "done") break;
      const calls = step.calls.slice(0, context.callBudget - context.memory.length);
      const assistant: AssistantMessage = {
        role: "assistant",
        content: null,
        tool_calls: calls.map((call) => ({
          id: `call_${callCount++}`,
          type: "function",
          function: { name: call.name, arguments: JSON.stringify(call.arguments) },
        })),
      };
      turnMessages.push(assistant);
      for (const [k, call] of calls.entries()) {
        const implementation = options.toolImplementations?.[call.name];
        const result = implementation
          ? await implementation(call.arguments)
          : await generator.toolResult(context, call);
        context.memory.push({ call, result });
        turnMessages.push({
          role: "tool",
          tool_call_id: assistant.tool_calls![k]!.id,
          content: JSON.stringify(result),
        });
      }
    }
    // Only a plan of no tools (a request the offered tools cannot serve) may end without a call.
    const noCall = context.plan.tools.length === 0;
    if (context.memory.length === 0 && !noCall)
      throw new ConstructionRejected("call", "the generator made no call");
    if (noCall && context.memory.length > 0)
      throw new ConstructionRejected("call", "a turn planned without calls made a call");
    context.answer = await withRetries("answer", retries, context, () => generator.finalAnswer(context));
    const query = await withRetries("query", retries, context, async () => {
      const text = (await generator.userQuery(context)).trim();
      if (text === "") throw new ConstructionRejected("query", "empty user query");
      return text;
    });
    messages.push({ role: "user", content: query }, ...turnMessages, {
      role: "assistant",
      content: context.answer,
    });
    previousTurns.push({ query, answer: context.answer, memory: context.memory });
    scenarios.push(context.scenario.text);
    kinds.push(context.plan.kind ?? kindOf(turnMessages));
    offers.push(context.plan.offer);
  }
  const offered = offers.every(Boolean) ? new Set(offers.flatMap((offer) => offer!)) : undefined;
  return {
    id: options.id,
    tools: offered ? tools.filter((tool) => offered.has(tool.function.name)) : tools,
    messages,
    meta: {
      category: "constructed",
      generator: generator.name,
      seed: options.seed,
      index: options.index,
      scenarios,
      turn_kinds: kinds,
    },
  };
}

/** The kind of a turn from its calls, for generators that do not say. */
function kindOf(messages: readonly ChatMessage[]): TurnKind {
  const steps = messages.filter((message) => message.role === "assistant" && message.tool_calls?.length);
  if (steps.length === 0) return "irrelevance";
  if (steps.length > 1) return "chain";
  const names = (steps[0] as AssistantMessage).tool_calls!.map((call) => call.function.name);
  if (names.length === 1) return "choice";
  return new Set(names).size === 1 ? "parallel_same" : "parallel";
}

function assertValidCall(call: ToolCall, validator: ArgumentValidator): void {
  if (!validator.hasTool(call.name))
    throw new ConstructionRejected("call", `call to unknown tool '${call.name}'`);
  const check = validator.check(call);
  if (!check.valid) {
    const problem = check.problems[0]!;
    throw new ConstructionRejected("call", `${call.name}: ${problem.path || "arguments"} ${problem.message}`);
  }
}

/** Runs a stage, asking again with the rejection as feedback (which also changes any cached request). */
async function withRetries<T>(
  stage: string,
  retries: number,
  context: StageContext,
  attempt: () => Promise<T>,
): Promise<T> {
  let last: unknown;
  for (let i = 0; i <= retries; i++) {
    try {
      const value = await attempt();
      delete context.feedback;
      return value;
    } catch (error) {
      if (!(error instanceof ConstructionRejected)) throw error;
      last = error;
      context.feedback = error.message;
    }
  }
  delete context.feedback;
  const reason = last instanceof Error ? last.message : String(last);
  throw new ConstructionRejected(stage, `${reason} (after ${retries + 1} attempts)`);
}
