/**
 * ttpa's tool format as Jinja pieces: what the model sees of the tools and writes for its calls.
 * Each chat template (ttpa's own, and each model family's turn structure that carries it) puts
 * these same pieces inside its own turn markers, so one definition of the format serves training,
 * sampling, prediction and BFCL prompts whatever the model.
 */

/**
 * The system text and the tool list, one JSON signature per line, then how to call. Expects
 * `system_message` and `tools` in scope; writes nothing when both are empty.
 */
export const SYSTEM_AND_TOOLS_JINJA = String.raw`
    {{- system_message }}
    {%- if tools %}
        {%- if system_message %}
            {{- '\n\n' }}
        {%- endif %}
        {{- '# Tools\n\nYou may call the functions below. Each line in <tools></tools> is one function signature as JSON:\n<tools>' }}
        {%- for tool in tools %}
            {{- '\n' + ((tool.function if tool.function is defined else tool) | tojson) }}
        {%- endfor %}
        {{- '\n</tools>\n\nTo call a function, write one JSON object per call with its name and arguments:\n<tool_call>{"name": <function-name>, "arguments": <arguments-object>}</tool_call>' }}
    {%- endif %}`;

/**
 * An assistant message's text, then each call as `<tool_call>{"name": ..., "arguments": {...}}</tool_call>`,
 * one per line; arguments given as a JSON string are written as they are. Expects `message`.
 */
export const ASSISTANT_CONTENT_JINJA = String.raw`
        {%- if message.content %}
            {{- message.content }}
        {%- endif %}
        {%- if message.tool_calls %}
            {%- for tool_call in message.tool_calls %}
                {%- if message.content or not loop.first %}
                    {{- '\n' }}
                {%- endif %}
                {%- set call = tool_call.function if tool_call.function is defined else tool_call %}
                {{- '<tool_call>{"name": ' + (call.name | tojson) + ', "arguments": ' }}
                {%- if call.arguments is string %}
                    {{- call.arguments }}
                {%- else %}
                    {{- call.arguments | tojson }}
                {%- endif %}
                {{- '}</tool_call>' }}
            {%- endfor %}
        {%- endif %}`;

/** Splits off a leading system message: sets `system_message` and `loop_messages`. */
export const SPLIT_SYSTEM_JINJA = `
{%- if messages and messages[0].role == 'system' %}
    {%- set system_message = messages[0].content %}
    {%- set loop_messages = messages[1:] %}
{%- else %}
    {%- set system_message = '' %}
    {%- set loop_messages = messages %}
{%- endif %}`;
