import type { AddedTokenSpec } from "../tokenizer/index.js";

/** The added tokens of ttpa's own chat format; each encodes as one id. */
export const TOOL_CHAT_TOKENS = {
  pad: "<|pad|>",
  bos: "<|begin_of_text|>",
  /** Ends every turn; also the EOS token, so generation stops after the assistant's turn. */
  endOfTurn: "<|end|>",
  system: "<|system|>",
  user: "<|user|>",
  assistant: "<|assistant|>",
  tool: "<|tool|>",
  toolCallStart: "<tool_call>",
  toolCallEnd: "</tool_call>",
} as const;

/**
 * ttpa's chat template (Jinja, as stored in tokenizer_config.json). Every turn is a role token,
 * the text, and `<|end|>`, with no newline between a role token and its text: the boundary of
 * each turn is a special token, so tokenizing a prefix of the conversation gives a prefix of its
 * ids, which the loss mask relies on. Tools go in the system turn, one JSON signature per line.
 * Assistant calls are `<tool_call>{"name": ..., "arguments": {...}}</tool_call>`, one per line
 * after any text; arguments given as a JSON string are written as they are.
 */
export const TOOL_CHAT_TEMPLATE = String.raw`{{- bos_token }}
{%- if messages and messages[0].role == 'system' %}
    {%- set system_message = messages[0].content %}
    {%- set loop_messages = messages[1:] %}
{%- else %}
    {%- set system_message = '' %}
    {%- set loop_messages = messages %}
{%- endif %}
{%- if system_message or tools %}
    {{- '<|system|>' + system_message }}
    {%- if tools %}
        {%- if system_message %}
            {{- '\n\n' }}
        {%- endif %}
        {{- '# Tools\n\nYou may call the functions below. Each line in <tools></tools> is one function signature as JSON:\n<tools>' }}
        {%- for tool in tools %}
            {{- '\n' + ((tool.function if tool.function is defined else tool) | tojson) }}
        {%- endfor %}
        {{- '\n</tools>\n\nTo call a function, write one JSON object per call with its name and arguments:\n<tool_call>{"name": <function-name>, "arguments": <arguments-object>}</tool_call>' }}
    {%- endif %}
    {{- '<|end|>' }}
{%- endif %}
{%- for message in loop_messages %}
    {%- if message.role == 'assistant' %}
        {{- '<|assistant|>' }}
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
        {%- endif %}
        {{- '<|end|>' }}
    {%- elif message.role == 'tool' %}
        {{- '<|tool|>' + message.content + '<|end|>' }}
    {%- else %}
        {{- '<|' + message.role + '|>' + message.content + '<|end|>' }}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|assistant|>' }}
{%- endif %}
`;

/**
 * The options that make `trainBpeTokenizer` write a tokenizer for this chat format: spread them
 * into its options. `<tool_call>` and `</tool_call>` are not special, so a server that decodes
 * with skip_special_tokens still hands the tags to the tool-call parser.
 */
export const TOOL_CHAT_TOKENIZER_OPTIONS: {
  specialTokens: AddedTokenSpec[];
  bosToken: string;
  eosToken: string;
  padToken: string;
  chatTemplate: string;
} = {
  specialTokens: [
    { content: TOOL_CHAT_TOKENS.pad },
    { content: TOOL_CHAT_TOKENS.bos },
    { content: TOOL_CHAT_TOKENS.endOfTurn },
    { content: TOOL_CHAT_TOKENS.system },
    { content: TOOL_CHAT_TOKENS.user },
    { content: TOOL_CHAT_TOKENS.assistant },
    { content: TOOL_CHAT_TOKENS.tool },
    { content: TOOL_CHAT_TOKENS.toolCallStart, special: false },
    { content: TOOL_CHAT_TOKENS.toolCallEnd, special: false },
  ],
  bosToken: TOOL_CHAT_TOKENS.bos,
  eosToken: TOOL_CHAT_TOKENS.endOfTurn,
  padToken: TOOL_CHAT_TOKENS.pad,
  chatTemplate: TOOL_CHAT_TEMPLATE,
};
