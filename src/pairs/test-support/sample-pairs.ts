import { WEATHER_CONVERSATION, WEATHER_TOOLS } from "../../chat-template/test-support/test-conversations.js";
import type { AssistantMessage } from "../../dataset/chat-message.js";
import { sampleTokenLevel } from "../../tps/sample-token-level.js";
import { MixtureLanguageModel } from "../../tps/test-support/mixture-language-model.js";
import { tpsMixture } from "../../tps/test-support/tps-mixture.js";
import { TPS_RECORDS } from "../../tps/test-support/tps-records.js";
import type { PreferencePair } from "../preference-pair.js";

/**
 * Pairs for the export tests: TPS over the mixture model's records, plus one over a longer
 * conversation (a system turn, parallel calls and their two results, prose) whose rejected side is
 * a broken call.
 */
export async function samplePairs(): Promise<PreferencePair[]> {
  const pairs = (
    await sampleTokenLevel({ model: new MixtureLanguageModel(tpsMixture), records: TPS_RECORDS })
  ).pairs;
  const rejected: AssistantMessage = {
    role: "assistant",
    content: '<tool_call>{"name": "book_table", "arguments": {"restaurant": "Chez',
  };
  pairs.push({
    id: "long/1",
    tools: WEATHER_TOOLS,
    prompt: WEATHER_CONVERSATION.slice(0, 7),
    chosen: WEATHER_CONVERSATION[7] as AssistantMessage,
    rejected,
    meta: {
      divergence_token: 0,
      chosen_score: 1,
      rejected_score: 0,
      errors: [{ type: "format_error", path: "$", message: "unterminated" }],
      sampler: { name: "tps", model: "m" },
      target_id: "long",
      chosen_source: "reference",
      rejected_source: "branch",
    },
  });
  return pairs;
}
