import type { JsonObject, JsonValue } from "../json/json-value.js";
import type { SeededRandom } from "../random/seeded-random.js";
import type { ToolCall } from "../tool-calls/tool-call.js";
import type { ToolDefinition, Toolset } from "../tools/tool-definition.js";

/** A call made so far in the conversation, with the result it got: the generator's memory. */
export interface CallMemory {
  call: ToolCall;
  result: JsonValue;
}

/** What every stage sees: the situation so far. Stages fill it in order. */
export interface StageContext {
  /** Index of the conversation in the run: with the seed, it fixes everything random. */
  index: number;
  random: SeededRandom;
  /** The window of the candidate toolset this conversation draws from. */
  tools: Toolset;
  /** Earlier user turns of a multi-turn conversation: their queries and answers. */
  previousTurns: Array<{ query: string; answer: string; memory: CallMemory[] }>;
  scenario?: Scenario;
  plan?: ToolPlan;
  memory: CallMemory[];
  /** The number of calls this turn may make, drawn from the configured range (a plan's `calls` replaces it). */
  callBudget: number;
  /** The top of the configured range: no turn makes more calls. */
  maxCalls: number;
  answer?: string;
  /** Why the previous attempt at the current stage was rejected; set only on a retry. */
  feedback?: string;
}

/** (a) A short situation with concrete facts, naming no tool and asking nothing. */
export interface Scenario {
  text: string;
  /** Named facts (people, places, dates, amounts) the later stages may use. */
  facts: Record<string, JsonValue>;
}

/**
 * The kinds of user turn, as BFCL and real users produce them: one call with only its tool offered;
 * several calls to different tools at once; the same tool several times at once; one call chosen
 * among close offered tools; a chain where a later call uses an earlier result; and a request no
 * offered tool serves, answered in text (irrelevance).
 */
export const TURN_KINDS = ["single", "parallel", "parallel_same", "choice", "chain", "irrelevance"] as const;
export type TurnKind = (typeof TURN_KINDS)[number];

/** (b) The tools chosen for this turn and the constraints the calls must respect. */
export interface ToolPlan {
  /** Empty for a turn to be answered without a call. */
  tools: string[];
  constraints: string[];
  /** Recorded in `meta.turn_kinds`; derived from the calls when a generator leaves it out. */
  kind?: TurnKind;
  /** How many calls the plan makes, when it decides that itself (at most `maxCalls`). */
  calls?: number;
  /** The tools this turn offers the model; when every turn names them, the record offers only these. */
  offer?: string[];
  /** For a no-call turn: the tool the request would need, which the offered tools lack, and its arguments. */
  unanswerable?: { tool: ToolDefinition; arguments: JsonObject };
}

/** (c) One step of the call loop: the next call(s) — several mean parallel calls — or the end. */
export type NextStep = { type: "calls"; calls: ToolCall[] } | { type: "done" };

/**
 * The generator behind reversed construction. The query is written last (stage e), from the answer
 * and the scenario, so every query is answerable by construction. Implementations: the offline
 * simulator and the LLM generator over an OpenAI-compatible chat API.
 */
export interface ConversationGenerator {
  /** Recorded in each record's meta. */
  readonly name: string;
  scenario(context: StageContext): Promise<Scenario>;
  selectTools(context: StageContext): Promise<ToolPlan>;
  nextStep(context: StageContext): Promise<NextStep>;
  /** The result of a call; a user-supplied tool implementation can replace this stage. */
  toolResult(context: StageContext, call: ToolCall): Promise<JsonValue>;
  finalAnswer(context: StageContext): Promise<string>;
  userQuery(context: StageContext): Promise<string>;
}
