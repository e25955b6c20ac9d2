import { isJsonObject } from "../json/json-value.js";
import { PairFormatError } from "./pair-format-error.js";
import type { PreferencePair } from "./preference-pair.js";

const ROLES = new Set(["system", "user", "assistant", "tool"]);

/**
 * Checks that a parsed JSON value is a preference pair as DESIGN.md's formats define it, and returns
 * it typed. Exports and trainers index into these fields without further checks, so a bad record
 * stops here with the field named rather than as a KeyError in someone else's code.
 */
export function validatePair(value: unknown): PreferencePair {
  const id = isJsonObject(value) && typeof value.id === "string" ? value.id : undefined;
  const fail = (field: string, problem: string): PairFormatError =>
    new PairFormatError({ field, problem, ...(id === undefined ? {} : { pairId: id }) });
  if (!isJsonObject(value)) throw fail("(root)", "must be an object");
  if (id === undefined || id === "") throw fail("id", "must be a non-empty string");
  if (!Array.isArray(value.tools)) throw fail("tools", "must be an array (the OpenAI tools array)");
  if (!Array.isArray(value.prompt)) throw fail("prompt", "must be an array of chat messages");
  for (const [i, message] of value.prompt.entries()) checkMessage(message, `prompt[${i}]`, fail);
  checkMessage(value.chosen, "chosen", fail, true);
  checkMessage(value.rejected, "rejected", fail, true);
  const meta = value.meta;
  if (!isJsonObject(meta)) throw fail("meta", "must be an object");
  if (!Number.isInteger(meta.divergence_token) || (meta.divergence_token as number) < 0)
    throw fail("meta.divergence_token", "must be an integer >= 0");
  for (const field of ["chosen_score", "rejected_score"] as const) {
    const score = meta[field];
    if (typeof score !== "number" || !(score >= 0 && score <= 1))
      throw fail(`meta.${field}`, "must be a number in [0, 1]");
  }
  if (!Array.isArray(meta.errors)) throw fail("meta.errors", "must be an array of ESM errors");
  if (!isJsonObject(meta.sampler) || typeof meta.sampler.name !== "string")
    throw fail("meta.sampler", "must be an object with a 'name'");
  if (typeof meta.target_id !== "string") throw fail("meta.target_id", "must be a string");
  return value as unknown as PreferencePair;
}

function checkMessage(
  message: unknown,
  field: string,
  fail: (field: string, problem: string) => PairFormatError,
  assistant = false,
): void {
  if (!isJsonObject(message)) throw fail(field, "must be a chat message object");
  if (typeof message.role !== "string" || !ROLES.has(message.role))
    throw fail(`${field}.role`, "must be system, user, assistant or tool");
  if (assistant && message.role !== "assistant") throw fail(`${field}.role`, "must be assistant");
  if (message.role !== "assistant") {
    if (typeof message.content !== "string") throw fail(`${field}.content`, "must be a string");
    if (message.role === "tool" && typeof message.tool_call_id !== "string")
      throw fail(`${field}.tool_call_id`, "must be a string");
    return;
  }
  if (message.content !== null && typeof message.content !== "string")
    throw fail(`${field}.content`, "must be a string or null");
  const calls = message.tool_calls;
  if (calls === undefined) {
    if (message.content === null) throw fail(`${field}.content`, "is null and there are no tool_calls");
    return;
  }
  if (!Array.isArray(calls)) throw fail(`${field}.tool_calls`, "must be an array");
  for (const [i, call] of calls.entries()) {
    const where = `${field}.tool_calls[${i}]`;
    if (!isJsonObject(call) || !isJsonObject(call.function))
      throw fail(where, "must be {id, type, function}");
    if (typeof call.function.name !== "string") throw fail(`${where}.function.name`, "must be a string");
    if (typeof call.function.arguments !== "string")
      throw fail(`${where}.function.arguments`, "must be a JSON string, as on the wire");
  }
}
