import { ASSISTANT_CONTENT_JINJA, SPLIT_SYSTEM_JINJA, SYSTEM_AND_TOOLS_JINJA } from "./tool-format-jinja.js";

/**
 * ttpa's tool format inside Gemma's own turn structure, for Gemma models whose template knows no
 * tools (Gemma 3's ignores `tools`, folds the system turn into the first user turn, raises on
 * roles that do not alternate, and ends turns with `<end_of_turn>`, not `<eos>`).
 *
 * As in Gemma's template: `<start_of_turn>user|model\n ... <end_of_turn>\n`, the system text (here
 * with the tool list) at the start of the first user turn. Tool results, which Gemma has no role
 * for, form one user turn per run of consecutive results, each as `<tool_response>\n...\n</tool_response>`,
 * so roles still alternate. A model trained on it ends its turn with `<end_of_turn>`: the
 * tokenizer's eos_token must be that token (GEMMA_TOOL_CHAT_FORMAT.eosToken) for loss masks and stops.
 */
export const GEMMA_TOOL_CHAT_TEMPLATE = String.raw`{{- bos_token }}${SPLIT_SYSTEM_JINJA}
{%- for message in loop_messages %}
    {%- set previous = '' if loop.first else loop_messages[loop.index0 - 1].role %}
    {%- set following = '' if loop.last else loop_messages[loop.index0 + 1].role %}
    {%- if message.role == 'assistant' %}
        {{- '<start_of_turn>model\n' }}${ASSISTANT_CONTENT_JINJA}
        {{- '<end_of_turn>\n' }}
    {%- elif message.role == 'tool' %}
        {%- if previous != 'tool' %}
            {{- '<start_of_turn>user\n' }}
        {%- else %}
            {{- '\n' }}
        {%- endif %}
        {{- '<tool_response>\n' + message.content + '\n</tool_response>' }}
        {%- if following != 'tool' %}
            {{- '<end_of_turn>\n' }}
        {%- endif %}
    {%- else %}
        {{- '<start_of_turn>user\n' }}
        {%- if loop.first and (system_message or tools) %}${SYSTEM_AND_TOOLS_JINJA}
            {{- '\n\n' }}
        {%- endif %}
        {{- message.content + '<end_of_turn>\n' }}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<start_of_turn>model\n' }}
{%- endif %}
`;
