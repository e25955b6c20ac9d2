import type { JsonObject, JsonValue } from "../../json/json-value.js";
import type { SeededRandom } from "../../random/seeded-random.js";
import type { ToolCall } from "../../tool-calls/tool-call.js";
import { schemaValidator } from "../../tools/schema-validator.js";
import { synthesizeTools } from "../../tools/synth/index.js";
import type { ToolDefinition, Toolset } from "../../tools/tool-definition.js";
import type {
  CallMemory,
  ConversationGenerator,
  NextStep,
  Scenario,
  StageContext,
  ToolPlan,
  TurnKind,
} from "../conversation-generator.js";
import { stems, toolMatching } from "../tool-overlap.js";
import { argumentsForSchema } from "./argument-values.js";
import { writeAnswer, writeQuery, writeRefusal, writeUnanswerableQuery } from "./phrasing.js";
import { resultNoun, SEARCH_VERBS, simulateResult, splitToolName } from "./tool-results.js";
import { pooledString } from "./value-pools.js";

export interface SimulatorOptions {
  /** Probability of filling each optional parameter. Default 0.35. */
  optionalRate?: number;
  /**
   * Relative shares of the turn kinds (normalised). A kind the offered tools or the call budget
   * cannot make falls back to `choice`, then `single`. Default: DEFAULT_TURN_SHARES.
   */
  kinds?: Partial<Record<TurnKind, number>>;
}

export const DEFAULT_TURN_SHARES: Record<TurnKind, number> = {
  single: 0.2,
  parallel: 0.15,
  parallel_same: 0.15,
  choice: 0.2,
  chain: 0.18,
  irrelevance: 0.12,
};

/** Tools no toolset offers by these names: the requests of irrelevance turns are drawn from them. */
let outsideTools: Toolset | undefined;

/**
 * The offline generator: deterministic from the seed, no network. Each turn is of a kind drawn
 * from the configured shares; argument values come from the schema (any JSON Schema), results are
 * consistent with the arguments (searches return ids that later calls use), and the query states
 * each argument the way people say it, in varied order and register.
 */
export class SimulatorGenerator implements ConversationGenerator {
  readonly name = "simulator";
  private readonly optionalRate: number;
  private readonly shares: Array<[TurnKind, number]>;

  constructor(options: SimulatorOptions = {}) {
    this.optionalRate = options.optionalRate ?? 0.35;
    const shares = { ...DEFAULT_TURN_SHARES, ...options.kinds };
    this.shares = Object.entries(shares).filter(([, share]) => share > 0) as Array<[TurnKind, number]>;
    if (this.shares.length === 0) throw new Error("at least one turn kind needs a share above 0");
  }

  async scenario({ random }: StageContext): Promise<Scenario> {
    const person = pooledString("name", "person", random);
    const city = pooledString("city", "", random);
    const text = `${person} is in ${city} and has a few things to sort out today.`;
    return { text, facts: { city } };
  }

  async selectTools(context: StageContext): Promise<ToolPlan> {
    const drawn = this.drawKind(context.random);
    for (const kind of [drawn, "choice", "single"] as const) {
      const plan = planFor(kind, context);
      if (plan) return { ...plan, calls: plan.tools.length };
    }
    return {
      tools: [context.random.pick(context.tools).function.name],
      constraints: [],
      kind: "single",
      calls: 1,
    };
  }

  async nextStep(context: StageContext): Promise<NextStep> {
    const plan = context.plan?.tools ?? [];
    const made = context.memory.length;
    if (made >= plan.length) return { type: "done" };
    const together = context.plan?.kind === "parallel" || context.plan?.kind === "parallel_same";
    const names = together ? plan : [plan[made]!];
    const calls: ToolCall[] = [];
    for (const name of names) {
      // The same tool called again must differ in what it is asked, or the turn says nothing new.
      let call = this.callFor(name, context);
      for (let k = 0; k < 6 && calls.some((other) => sameCall(other, call)); k++)
        call = this.callFor(name, context);
      calls.push(call);
    }
    return { type: "calls", calls };
  }

  async toolResult({ random }: StageContext, call: ToolCall): Promise<JsonValue> {
    return simulateResult(call, random);
  }

  async finalAnswer({ memory, random, plan, tools }: StageContext): Promise<string> {
    if (plan?.unanswerable) return writeRefusal(plan.unanswerable.tool, tools, random);
    return writeAnswer(memory, random);
  }

  async userQuery(context: StageContext): Promise<string> {
    const { plan, random } = context;
    if (plan?.unanswerable)
      return writeUnanswerableQuery(plan.unanswerable.tool, plan.unanswerable.arguments, random);
    return writeQuery({
      memory: context.memory,
      earlier: earlierMemory(context),
      tools: context.tools,
      relation: plan?.kind === "chain" ? "sequence" : "together",
      random,
    });
  }

  private drawKind(random: SeededRandom): TurnKind {
    const total = this.shares.reduce((sum, [, share]) => sum + share, 0);
    let roll = random.next() * total;
    for (const [kind, share] of this.shares) {
      roll -= share;
      if (roll < 0) return kind;
    }
    return this.shares[this.shares.length - 1]![0];
  }

  /** Arguments drawn until they validate (a few tries): the schema may combine keywords beyond what one draw meets. */
  private callFor(name: string, context: StageContext): ToolCall {
    const tool = context.tools.find((candidate) => candidate.function.name === name)!;
    const schema = tool.function.parameters as JsonObject;
    const validate = validatorFor(schema);
    let args: JsonObject = {};
    for (let attempt = 0; attempt < 8; attempt++) {
      args = argumentsForSchema(schema, {
        random: context.random,
        memory: [...earlierMemory(context), ...context.memory],
        facts: context.scenario?.facts ?? {},
        optionalRate: this.optionalRate,
      });
      if (validate(args)) break;
    }
    return { name, arguments: args };
  }
}

function planFor(kind: TurnKind, context: StageContext): ToolPlan | undefined {
  const { random, tools, maxCalls } = context;
  const names = (list: readonly ToolDefinition[]) => list.map((tool) => tool.function.name);
  switch (kind) {
    case "single": {
      const tool = random.pick(tools);
      return { tools: [tool.function.name], constraints: [], kind, offer: [tool.function.name] };
    }
    case "choice": {
      if (tools.length < 2) return undefined;
      // Prefer a tool with a close distractor offered beside it (a shared name word).
      const close = tools.filter((tool) => tools.some((other) => other !== tool && closeTo(tool, other)));
      const tool = random.pick(close.length > 0 && random.chance(0.8) ? close : tools);
      return { tools: [tool.function.name], constraints: [], kind };
    }
    case "parallel": {
      if (tools.length < 2 || maxCalls < 2) return undefined;
      const chosen = random.sample(tools, random.int(2, Math.min(3, maxCalls, tools.length)));
      return { tools: names(chosen), constraints: [], kind };
    }
    case "parallel_same": {
      const varied = tools.filter((tool) => requiredOf(tool).length > 0);
      if (varied.length === 0 || maxCalls < 2) return undefined;
      const tool = random.pick(varied);
      return {
        tools: Array(random.int(2, Math.min(3, maxCalls))).fill(tool.function.name),
        constraints: [],
        kind,
      };
    }
    case "chain": {
      if (maxCalls < 2) return undefined;
      const pairs = tools.flatMap((consumer) => {
        const producer = producerFor(consumer, tools);
        return producer ? [[producer, consumer] as const] : [];
      });
      if (pairs.length === 0) return undefined;
      return { tools: names(random.pick(pairs)), constraints: [], kind };
    }
    case "irrelevance": {
      outsideTools ??= synthesizeTools({ count: 400, seed: 7 });
      const offered = new Set(names(tools));
      for (let attempt = 0; attempt < 12; attempt++) {
        const wanted = random.pick(outsideTools);
        if (offered.has(wanted.function.name)) continue;
        const about = `${wanted.function.name.replace(/[._-]/g, " ")} ${wanted.function.description ?? ""}`;
        if (toolMatching(about, tools)) continue;
        const args = argumentsForSchema(wanted.function.parameters as JsonObject, {
          random,
          memory: [],
          facts: {},
          optionalRate: 0.2,
        });
        return { tools: [], constraints: [], kind, unanswerable: { tool: wanted, arguments: args } };
      }
      return undefined;
    }
  }
}

/** Two tools a model could confuse: their names share a content word (`search_hotels`, `book_hotel`). */
function closeTo(a: ToolDefinition, b: ToolDefinition): boolean {
  const words = (tool: ToolDefinition) =>
    new Set(
      stems(splitToolName(tool.function.name).object.replace(/_/g, " ")).filter((word) => word.length > 2),
    );
  const mine = words(a);
  return [...words(b)].some((word) => mine.has(word));
}

function requiredOf(tool: ToolDefinition): string[] {
  const required = tool.function.parameters.required;
  return Array.isArray(required) ? required.filter((key): key is string => typeof key === "string") : [];
}

/** A search tool of the window whose results carry an id the tool requires (`search_flights` for `flight_id`). */
function producerFor(tool: ToolDefinition, tools: readonly ToolDefinition[]): ToolDefinition | undefined {
  const ids = requiredOf(tool).filter((key) => key.endsWith("_id"));
  return tools.find(
    (candidate) =>
      candidate !== tool &&
      SEARCH_VERBS.has(splitToolName(candidate.function.name).verb) &&
      ids.includes(`${resultNoun(candidate.function.name)}_id`),
  );
}

function earlierMemory(context: StageContext): CallMemory[] {
  return context.previousTurns.flatMap((turn) => turn.memory);
}

function sameCall(a: ToolCall, b: ToolCall): boolean {
  return a.name === b.name && JSON.stringify(a.arguments) === JSON.stringify(b.arguments);
}

const validators = new WeakMap<object, (value: unknown) => boolean>();

function validatorFor(schema: JsonObject): (value: unknown) => boolean {
  let validate = validators.get(schema);
  if (!validate) {
    validate = schemaValidator().compile(schema) as (value: unknown) => boolean;
    validators.set(schema, validate);
  }
  return validate;
}
