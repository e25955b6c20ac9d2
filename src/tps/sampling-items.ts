import type { AssistantMessage } from "../dataset/chat-message.js";
import type { DatasetRecord } from "../dataset/dataset-record.js";
import { type EvalTarget, evalTargets } from "../dataset/eval-targets.js";
import { InputError } from "../errors/input-error.js";
import { messageFromReference } from "./reference-message.js";

/** A turn to sample, with the dataset's own answer when there is one. */
export interface SamplingItem {
  target: EvalTarget;
  /** The target's index among all targets of the run; shards and seeds key on it. */
  index: number;
  /** The answer preferred when the model's best is not good enough; undefined when there is none. */
  referenceMessage: AssistantMessage | undefined;
}

/**
 * The turns of a run, in order: every evaluation target of the records (each assistant tool-call
 * turn, or the no-call turn of a record without one), with the record's assistant message at that
 * point as the reference answer; or the given targets, with a message built from their reference calls.
 */
export function samplingItems(input: {
  records?: readonly DatasetRecord[] | undefined;
  targets?: readonly EvalTarget[] | undefined;
}): SamplingItem[] {
  if ((input.records === undefined) === (input.targets === undefined)) {
    throw new InputError("give either records or targets to sample");
  }
  const items: SamplingItem[] = [];
  const ids = new Set<string>();
  const add = (target: EvalTarget, referenceMessage: AssistantMessage | undefined) => {
    if (ids.has(target.id)) throw new InputError(`two targets have the id '${target.id}'`);
    ids.add(target.id);
    items.push({ target, index: items.length, referenceMessage });
  };
  if (input.records) {
    for (const record of input.records) {
      for (const target of evalTargets(record)) {
        const message = record.messages[target.context.length];
        add(target, message?.role === "assistant" ? message : messageFromReference(target.reference));
      }
    }
  } else {
    for (const target of input.targets ?? []) add(target, messageFromReference(target.reference));
  }
  return items;
}
