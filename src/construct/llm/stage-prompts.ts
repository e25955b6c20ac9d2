/**
 * The stage prompts of the LLM generator, as Jinja templates (rendered with @huggingface/jinja).
 * Each asks for one JSON object; `{{ context }}` is the stage's input as JSON. Edit here to tune
 * construction; the response cache keys on the rendered prompt, so edits invalidate it.
 */
export const STAGE_PROMPTS = {
  scenario: `Stage: scenario.
You write realistic situations for tool-use training data. Given the tools below, write a short
situation (2-3 sentences) with a few concrete facts: people, places, dates, amounts. Do not name
any tool and do not ask a question.
Tools: {{ tools }}
{% if previous %}Earlier in this conversation: {{ previous }}{% endif %}
Answer with JSON: {"scenario": "...", "facts": {"name": value, ...}}`,

  plan: `Stage: tool selection.
Situation: {{ scenario }}
Tools: {{ tools }}
Choose the tools (1 to {{ budget }}) that someone in this situation would use, in the order they
would be called, and the constraints the calls must respect (for example, a budget or a date range).
Answer with JSON: {"tools": ["tool_name", ...], "constraints": ["...", ...]}`,

  call: `Stage: call.
Situation: {{ scenario }}
Constraints: {{ constraints }}
Planned tools: {{ plan }}
Tools: {{ tools }}
Calls made so far, with their results: {{ memory }}
{% if feedback %}Your previous answer was rejected: {{ feedback }}. Fix it.{% endif %}
Make the next call (or several independent calls at once), with arguments valid for the tool's
schema and values taken from the situation or from earlier results. If the plan is complete,
say you are done.
Answer with JSON: {"calls": [{"name": "...", "arguments": {...}}]} or {"done": true}`,

  result: `Stage: tool result.
You simulate the tool {{ name }}. Its definition: {{ tool }}
It was called with: {{ arguments }}
Earlier calls and results: {{ memory }}
Return a realistic result consistent with the arguments, as the tool would.
Answer with JSON: {"result": ...}`,

  answer: `Stage: final answer.
Situation: {{ scenario }}
Calls and results: {{ memory }}
Write the assistant's final answer to the user, based only on these results.
Answer with JSON: {"answer": "..."}`,

  query: `Stage: user query.
Situation: {{ scenario }}
Calls the assistant made, with results: {{ memory }}
The assistant's final answer: {{ answer }}
{% if previous %}Earlier turns of the conversation: {{ previous }}{% endif %}
{% if feedback %}Your previous answer was rejected: {{ feedback }}. Fix it.{% endif %}
Write the user's message that this answers. It must state every argument value of the calls
(except values that come from an earlier result), naturally, as a user would ask.
Answer with JSON: {"query": "..."}`,
} as const;

export type Stage = keyof typeof STAGE_PROMPTS;
