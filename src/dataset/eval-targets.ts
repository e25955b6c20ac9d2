import { InputError } from "../errors/input-error.js";
import { isJsonObject } from "../json/json-value.js";
import type { PossibleAnswerCall, ReferenceCall } from "../reference/reference-call.js";
import { referenceFromCall } from "../reference/reference-from-call.js";
import { referenceFromPossibleAnswer } from "../reference/reference-from-possible-answer.js";
import { childPath, rebasePaths } from "../tool-calls/json-path.js";
import type { Toolset } from "../tools/tool-definition.js";
import type { AssistantMessage, ChatMessage } from "./chat-message.js";
import type { DatasetRecord } from "./dataset-record.js";

/** One thing a model is asked to do: continue `context` with the `reference` calls (or none). */
export interface EvalTarget {
  /** The record's id when it has one target; `id#k` (k from 1) when it has several. */
  id: string;
  recordId: string;
  category: string | undefined;
  tools: Toolset;
  /** The conversation up to the assistant turn to predict. */
  context: ChatMessage[];
  /** The reference calls; empty means the right answer is to make no call. */
  reference: ReferenceCall[];
}

/**
 * The evaluation targets of a record: every assistant turn with tool calls, in order. A record with
 * no such turn has one target whose right answer is no call (BFCL's irrelevance): the conversation
 * is its context, less a final assistant message (the text answer); earlier assistant messages are
 * history, as in BFCL's live_irrelevance.
 * `meta.possible_answers[k]`, when present, replaces the k-th target's reference (with the spelling
 * of its numbers from `meta.possible_answer_floats[k]`).
 */
export function evalTargets(record: DatasetRecord): EvalTarget[] {
  const turns: number[] = [];
  record.messages.forEach((message, index) => {
    if (message.role === "assistant" && (message.tool_calls?.length ?? 0) > 0) turns.push(index);
  });
  const answers = record.meta.possible_answers;
  const floats = record.meta.possible_answer_floats;
  const base = { recordId: record.id, category: record.meta.category, tools: record.tools };
  if (turns.length === 0) {
    const endsInAnswer = record.messages.at(-1)?.role === "assistant";
    const context = endsInAnswer ? record.messages.slice(0, -1) : record.messages;
    const reference = answers?.[0] ? referencesOf(answers[0], floats?.[0]) : [];
    return [{ ...base, id: record.id, context, reference }];
  }
  return turns.map((index, k) => {
    const answer = answers?.[k];
    const reference = answer
      ? referencesOf(answer, floats?.[k])
      : callsOf(record, record.messages[index] as AssistantMessage).map(referenceFromCall);
    return {
      ...base,
      id: turns.length === 1 ? record.id : `${record.id}#${k + 1}`,
      context: record.messages.slice(0, index),
      reference,
    };
  });
}

function referencesOf(answer: PossibleAnswerCall[], floats: readonly string[] | undefined): ReferenceCall[] {
  return answer.map((call, c) =>
    referenceFromPossibleAnswer(call, floats && rebasePaths(floats, childPath("$", c), "$")),
  );
}

function callsOf(record: DatasetRecord, message: AssistantMessage) {
  return (message.tool_calls ?? []).map((call) => {
    const raw: unknown = call.function.arguments;
    let args: unknown = raw;
    if (typeof raw === "string") {
      try {
        args = JSON.parse(raw);
      } catch {
        throw new InputError(
          `record '${record.id}': tool call '${call.function.name}' has arguments that are not JSON`,
        );
      }
    }
    if (!isJsonObject(args)) {
      throw new InputError(
        `record '${record.id}': tool call '${call.function.name}' arguments must be an object`,
      );
    }
    return { name: call.function.name, arguments: args };
  });
}
