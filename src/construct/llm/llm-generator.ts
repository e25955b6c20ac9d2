import { Template } from "@huggingface/jinja";
import { isJsonObject, type JsonObject, type JsonValue } from "../../json/json-value.js";
import type { ToolCall } from "../../tool-calls/tool-call.js";
import { ConstructionRejected } from "../construction-rejected.js";
import type {
  ConversationGenerator,
  NextStep,
  Scenario,
  StageContext,
  ToolPlan,
} from "../conversation-generator.js";
import type { ChatClient } from "./chat-client.js";
import { STAGE_PROMPTS, type Stage } from "./stage-prompts.js";

export interface LlmGeneratorOptions {
  client: ChatClient;
  model: string;
  /**
   * `"json"` (default): every stage asks for a JSON object (`response_format: json_object`).
   * `"tools"`: the call stage uses the API's tool calling instead, for servers that do it better.
   */
  mode?: "json" | "tools";
  /** Default 0.7: varied scenarios; the cache keeps reruns identical anyway. */
  temperature?: number;
}

const templates = Object.fromEntries(
  Object.entries(STAGE_PROMPTS).map(([stage, text]) => [stage, new Template(text)]),
) as Record<Stage, Template>;

/** The generator over any OpenAI-compatible chat API, one request per stage. */
export class LlmGenerator implements ConversationGenerator {
  readonly name: string;

  constructor(private readonly options: LlmGeneratorOptions) {
    this.name = `llm:${options.model}`;
  }

  async scenario(context: StageContext): Promise<Scenario> {
    const reply = await this.ask("scenario", context, { previous: previousOf(context) });
    const text = reply.scenario;
    if (typeof text !== "string" || text.trim() === "")
      throw new ConstructionRejected("scenario", "no 'scenario' text");
    return { text, facts: isJsonObject(reply.facts) ? reply.facts : {} };
  }

  async selectTools(context: StageContext): Promise<ToolPlan> {
    const reply = await this.ask("plan", context, {
      scenario: context.scenario?.text,
      budget: context.callBudget,
    });
    const names = new Set(context.tools.map((tool) => tool.function.name));
    const tools = Array.isArray(reply.tools)
      ? reply.tools.filter((name): name is string => typeof name === "string")
      : [];
    const unknown = tools.find((name) => !names.has(name));
    if (tools.length === 0 || unknown) {
      throw new ConstructionRejected(
        "plan",
        unknown ? `unknown tool '${unknown}' in plan` : "empty tool plan",
      );
    }
    const constraints = Array.isArray(reply.constraints) ? reply.constraints.map(String) : [];
    return { tools, constraints };
  }

  async nextStep(context: StageContext): Promise<NextStep> {
    const variables = {
      scenario: context.scenario?.text,
      constraints: JSON.stringify(context.plan?.constraints ?? []),
      plan: JSON.stringify(context.plan?.tools ?? []),
      memory: JSON.stringify(context.memory),
      feedback: context.feedback,
    };
    if (this.options.mode === "tools") return this.nextStepWithTools(context, variables);
    const reply = await this.ask("call", context, variables);
    if (reply.done === true) return { type: "done" };
    if (!Array.isArray(reply.calls) || reply.calls.length === 0) {
      throw new ConstructionRejected("call", "expected 'calls' (a non-empty list) or 'done'");
    }
    return { type: "calls", calls: reply.calls.map(toCall) };
  }

  async toolResult(context: StageContext, call: ToolCall): Promise<JsonValue> {
    const tool = context.tools.find((candidate) => candidate.function.name === call.name);
    const reply = await this.ask("result", context, {
      name: call.name,
      tool: JSON.stringify(tool?.function ?? {}),
      arguments: JSON.stringify(call.arguments),
      memory: JSON.stringify(context.memory),
    });
    if (!("result" in reply)) throw new ConstructionRejected("result", "no 'result' in the reply");
    return reply.result as JsonValue;
  }

  async finalAnswer(context: StageContext): Promise<string> {
    const reply = await this.ask("answer", context, {
      scenario: context.scenario?.text,
      memory: JSON.stringify(context.memory),
    });
    if (typeof reply.answer !== "string") throw new ConstructionRejected("answer", "no 'answer' text");
    return reply.answer;
  }

  async userQuery(context: StageContext): Promise<string> {
    const reply = await this.ask("query", context, {
      scenario: context.scenario?.text,
      memory: JSON.stringify(context.memory),
      answer: context.answer,
      previous: previousOf(context),
      feedback: context.feedback,
    });
    if (typeof reply.query !== "string") throw new ConstructionRejected("query", "no 'query' text");
    return reply.query;
  }

  private async ask(
    stage: Stage,
    context: StageContext,
    variables: Record<string, unknown>,
  ): Promise<JsonObject> {
    const prompt = templates[stage].render({
      tools: JSON.stringify(context.tools.map((tool) => tool.function)),
      ...variables,
    });
    const body = await this.options.client.complete({
      model: this.options.model,
      messages: [{ role: "user", content: prompt }],
      temperature: this.options.temperature ?? 0.7,
      response_format: { type: "json_object" },
      // Varies the request per conversation so that the cache does not serve one conversation's
      // reply to another with the same prompt.
      user: `ttpa-${context.index}`,
    });
    const content = messageOf(body)?.content;
    if (typeof content !== "string")
      throw new ConstructionRejected(stage, "the reply has no message content");
    try {
      const parsed: unknown = JSON.parse(stripFence(content));
      if (isJsonObject(parsed)) return parsed;
    } catch {
      // reported below
    }
    throw new ConstructionRejected(stage, "the reply is not a JSON object");
  }

  private async nextStepWithTools(
    context: StageContext,
    variables: Record<string, unknown>,
  ): Promise<NextStep> {
    const prompt = templates.call.render({ tools: "(given as tools)", ...variables });
    const body = await this.options.client.complete({
      model: this.options.model,
      messages: [{ role: "user", content: prompt }],
      temperature: this.options.temperature ?? 0.7,
      tools: context.tools,
      tool_choice: "auto",
      user: `ttpa-${context.index}`,
    });
    const calls = messageOf(body)?.tool_calls;
    if (!Array.isArray(calls) || calls.length === 0) return { type: "done" };
    return {
      type: "calls",
      calls: calls.map((call) => {
        const fn = isJsonObject(call) && isJsonObject(call.function) ? call.function : {};
        let args: unknown = fn.arguments;
        if (typeof args === "string") {
          try {
            args = JSON.parse(args);
          } catch {
            throw new ConstructionRejected("call", "tool call arguments are not JSON");
          }
        }
        return toCall({ name: fn.name ?? null, arguments: (args ?? {}) as JsonValue });
      }),
    };
  }
}

function messageOf(body: Record<string, unknown>): JsonObject | undefined {
  const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
  return isJsonObject(choice) && isJsonObject(choice.message) ? choice.message : undefined;
}

function toCall(value: unknown): ToolCall {
  if (!isJsonObject(value) || typeof value.name !== "string" || !isJsonObject(value.arguments)) {
    throw new ConstructionRejected("call", "each call needs 'name' (string) and 'arguments' (object)");
  }
  return { name: value.name, arguments: value.arguments };
}

function previousOf(context: StageContext): string {
  return context.previousTurns.length === 0
    ? ""
    : JSON.stringify(context.previousTurns.map(({ query, answer }) => ({ query, answer })));
}

/** Models often wrap JSON in a Markdown fence even when asked not to. */
function stripFence(text: string): string {
  const match = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(text);
  return match ? match[1]! : text;
}
