import type { AssistantMessage, ChatMessage } from "../dataset/index.js";
import { type EvalTarget, evalTargets } from "../dataset/index.js";
import { type EvalItem, evaluate } from "../eval/index.js";
import { isJsonObject } from "../json/index.js";
import { type ChatRenderer, firstDifference } from "../pairs/index.js";
import type { Arm, TestSet } from "../run/index.js";
import { messageFromReference } from "../tps/index.js";
import { lastUserText } from "./last-user-text.js";
import type { RunFolder } from "./read-run-folder.js";
import { type TokenLine, tokenLine } from "./token-line.js";

/**
 * How an arm's output compares with the reference, token by token: the same tokens; a token that
 * differs; the reference's tokens all there but the output stops before them; or the output goes
 * on past the reference's end.
 */
export type ArmOutcome = "same" | "diverges" | "stops early" | "runs on";

export interface ArmOutputView {
  arm: Arm;
  /** The evaluation of this output; undefined when the arm has no prediction for the target. */
  item: EvalItem | undefined;
  /** The raw output's tokens; undefined when there is no prediction. */
  line: TokenLine | undefined;
  /** Undefined when there is nothing to compare (no prediction, or no reference text). */
  outcome: ArmOutcome | undefined;
  /** At the divergent token: the reference's token text there and the output's (undefined past an end). */
  expected?: string | undefined;
  got?: string | undefined;
}

export interface ExampleView {
  set: TestSet;
  id: string;
  /** The last user message of the context: what was asked. */
  request: string;
  /** Names of the tools offered. */
  tools: string[];
  /** False when the right answer is to make no call (any text without one). */
  expectsCall: boolean;
  /**
   * What the model should write before it ends its turn: the reference turn as the run's chat
   * template renders it, up to its end-of-turn marker. Undefined when there is no reference text.
   */
  reference: TokenLine | undefined;
  arms: ArmOutputView[];
}

export interface ExampleViewsOptions {
  folder: RunFolder;
  renderer: ChatRenderer;
  /** Targets shown per test set at most (the first ones the arms predicted). */
  perSet: number;
}

export interface ExampleViews {
  examples: ExampleView[];
  /** Targets the arms predicted per set of the run (the examples are the first `perSet` of them). */
  predicted: Partial<Record<TestSet, number>>;
}

/** The test targets with the reference's tokens and each arm's, and where each arm first diverges. */
export function exampleViews(options: ExampleViewsOptions): ExampleViews {
  const { folder, renderer, perSet } = options;
  const { tokenizer } = folder;
  const examples: ExampleView[] = [];
  const predicted: ExampleViews["predicted"] = {};
  const { armOrder, testSets } = folder.results;
  for (const set of testSets) {
    const tests = folder.tests[set] ?? [];
    const predictionsOf = (arm: Arm) => folder.predictions[arm]?.[set] ?? [];
    const records = new Map(tests.map((record) => [record.id, record]));
    const predictedIds = new Set(
      armOrder.flatMap((arm) => predictionsOf(arm).map(({ value }) => idOf(value))),
    );
    const targets = tests.flatMap(evalTargets).filter((target) => predictedIds.has(target.id));
    predicted[set] = targets.length;
    const shown = targets.slice(0, perSet);
    const evaluations = armOrder.map((arm) => {
      const report = evaluate({ targets: shown, predictions: predictionsOf(arm) });
      const outputs = new Map<string, unknown>();
      for (const { value } of predictionsOf(arm)) {
        const id = idOf(value);
        if (id !== undefined && isJsonObject(value) && !outputs.has(id)) outputs.set(id, value.output);
      }
      return { arm, items: new Map(report.items.map((item) => [item.id, item])), outputs };
    });
    for (const target of shown) {
      const message = referenceMessage(target, records.get(target.recordId)?.messages);
      const referenceText = message && renderTurn(renderer, target, message);
      const referenceIds = referenceText === undefined ? undefined : tokenizer.encode(referenceText);
      const expectsCall = target.reference.length > 0;
      const arms = evaluations.map(({ arm, items, outputs }): ArmOutputView => {
        const item = items.get(target.id);
        if (!outputs.has(target.id) || item?.missing)
          return { arm, item: undefined, line: undefined, outcome: undefined };
        const output = outputs.get(target.id);
        const ids = tokenizer.encode(typeof output === "string" ? output : JSON.stringify(output));
        if (referenceIds === undefined || !expectsCall) {
          return { arm, item, line: tokenLine(tokenizer, ids, undefined), outcome: undefined };
        }
        const at = firstDifference(referenceIds, ids);
        const text = (list: readonly number[]) =>
          at === undefined || at >= list.length ? undefined : tokenizer.decode([list[at] as number]);
        return {
          arm,
          item,
          line: tokenLine(tokenizer, ids, at),
          outcome: outcomeAt(at, referenceIds, ids),
          expected: text(referenceIds),
          got: text(ids),
        };
      });
      examples.push({
        set,
        id: target.id,
        request: lastUserText(target.context),
        tools: target.tools.map((tool) => tool.function.name),
        expectsCall,
        reference: referenceIds && tokenLine(tokenizer, referenceIds, undefined),
        arms,
      });
    }
  }
  return { examples, predicted };
}

function outcomeAt(
  at: number | undefined,
  reference: readonly number[],
  output: readonly number[],
): ArmOutcome {
  if (at === undefined) return "same";
  if (at === output.length) return "stops early";
  if (at === reference.length) return "runs on";
  return "diverges";
}

/** The record's own assistant turn for the target, else a message built from the reference calls. */
function referenceMessage(
  target: EvalTarget,
  messages: readonly ChatMessage[] | undefined,
): AssistantMessage | undefined {
  const own = messages?.[target.context.length];
  if (own?.role === "assistant") return own;
  return messageFromReference(target.reference);
}

/** The assistant turn as the chat template renders it after the context, without its end-of-turn marker. */
function renderTurn(
  renderer: ChatRenderer,
  target: EvalTarget,
  message: AssistantMessage,
): string | undefined {
  let completion: string;
  try {
    completion = renderer.completion(target.context, target.tools, message);
  } catch {
    return undefined; // a template that cannot render the turn: the example is shown without a comparison
  }
  const end = completion.lastIndexOf(renderer.eosToken);
  return end === -1 ? completion : completion.slice(0, end);
}

function idOf(value: unknown): string | undefined {
  return isJsonObject(value) && typeof value.id === "string" ? value.id : undefined;
}
