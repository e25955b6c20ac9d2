import type { JsonValue } from "../../json/json-value.js";
import type { ToolCall } from "../../tool-calls/tool-call.js";
import type { ToolDefinition } from "../../tools/tool-definition.js";
import type {
  CallMemory,
  ConversationGenerator,
  NextStep,
  Scenario,
  StageContext,
  ToolPlan,
} from "../conversation-generator.js";
import { argumentsForSchema, singular } from "./argument-values.js";
import { writeAnswer, writeQuery } from "./phrasing.js";
import { simulateResult, splitToolName } from "./tool-results.js";
import { pooledString } from "./value-pools.js";

export interface SimulatorOptions {
  /** Probability of filling each optional parameter. Default 0.4. */
  optionalRate?: number;
  /** Probability that two independent planned calls are made in parallel (one assistant turn). Default 0.25. */
  parallelRate?: number;
  /** Probability of adding a second, unrelated tool to a turn's plan. Default 0.35. */
  secondToolRate?: number;
}

/**
 * The offline generator: deterministic from the seed, no network. Argument values come from the
 * schema (enums, formats, bounds, value pools by parameter name), results are consistent with the
 * arguments, and the query is written from templates that vary in form. It is what the demo and
 * the tests use.
 */
export class SimulatorGenerator implements ConversationGenerator {
  readonly name = "simulator";
  private readonly optionalRate: number;
  private readonly parallelRate: number;
  private readonly secondToolRate: number;

  constructor(options: SimulatorOptions = {}) {
    this.optionalRate = options.optionalRate ?? 0.4;
    this.parallelRate = options.parallelRate ?? 0.25;
    this.secondToolRate = options.secondToolRate ?? 0.35;
  }

  async scenario({ random }: StageContext): Promise<Scenario> {
    const person = pooledString("name", "person", random);
    const city = pooledString("city", "", random);
    const text = `${person} is in ${city} and has a few things to sort out today.`;
    return { text, facts: { city } };
  }

  async selectTools({ random, tools }: StageContext): Promise<ToolPlan> {
    const first = random.pick(tools);
    const plan: ToolDefinition[] = [first];
    const producer = producerFor(first, tools);
    if (producer) plan.unshift(producer);
    else if (tools.length > 1 && random.chance(this.secondToolRate)) {
      plan.push(random.pick(tools.filter((tool) => tool !== first)));
    }
    return { tools: plan.map((tool) => tool.function.name), constraints: [] };
  }

  async nextStep(context: StageContext): Promise<NextStep> {
    const plan = context.plan?.tools ?? [];
    const made = context.memory.length;
    const remaining = Math.min(plan.length, context.callBudget) - made;
    if (remaining <= 0) return { type: "done" };
    const parallel =
      remaining >= 2 &&
      !needsEarlierResult(plan[made + 1]!, context) &&
      context.random.chance(this.parallelRate);
    const names = plan.slice(made, made + (parallel ? 2 : 1));
    return { type: "calls", calls: names.map((name) => this.callFor(name, context)) };
  }

  async toolResult({ random }: StageContext, call: ToolCall): Promise<JsonValue> {
    return simulateResult(call, random);
  }

  async finalAnswer({ memory, random }: StageContext): Promise<string> {
    return writeAnswer(memory, random);
  }

  async userQuery(context: StageContext): Promise<string> {
    return writeQuery({
      memory: context.memory,
      earlier: earlierMemory(context),
      tools: context.tools,
      random: context.random,
    });
  }

  private callFor(name: string, context: StageContext): ToolCall {
    const tool = context.tools.find((candidate) => candidate.function.name === name)!;
    const args = argumentsForSchema(tool.function.parameters as never, {
      random: context.random,
      memory: [...earlierMemory(context), ...context.memory],
      facts: context.scenario?.facts ?? {},
      optionalRate: this.optionalRate,
    });
    return { name, arguments: args };
  }
}

function earlierMemory(context: StageContext): CallMemory[] {
  return context.previousTurns.flatMap((turn) => turn.memory);
}

function requiredIds(tool: ToolDefinition): string[] {
  const required = tool.function.parameters.required;
  return Array.isArray(required)
    ? required.filter((key): key is string => typeof key === "string" && key.endsWith("_id"))
    : [];
}

/** A search tool of the window whose results carry an id the tool requires (`search_flights` for `flight_id`). */
function producerFor(tool: ToolDefinition, tools: readonly ToolDefinition[]): ToolDefinition | undefined {
  for (const id of requiredIds(tool)) {
    const noun = id.slice(0, -3);
    const producer = tools.find((candidate) => {
      const { verb, object } = splitToolName(candidate.function.name);
      return (
        candidate !== tool &&
        ["search", "find", "list", "lookup", "browse", "query"].includes(verb) &&
        singular(object.split("_").pop() ?? object) === noun.split("_").pop()
      );
    });
    if (producer) return producer;
  }
  return undefined;
}

function needsEarlierResult(name: string, context: StageContext): boolean {
  const tool = context.tools.find((candidate) => candidate.function.name === name);
  return tool !== undefined && requiredIds(tool).length > 0;
}
