import type { AddedTokenSpec } from "../tokenizer/index.js";
import { ASSISTANT_CONTENT_JINJA, SPLIT_SYSTEM_JINJA, SYSTEM_AND_TOOLS_JINJA } from "./tool-format-jinja.js";

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
 * ttpa's chat template for models trained from scratch with its own tokenizer (Jinja, as stored
 * in tokenizer_config.json). Every turn is a role token, the text, and `<|end|>`, with no newline
 * between a role token and its text: the boundary of each turn is a special token, so tokenizing
 * a prefix of the conversation gives a prefix of its ids, which the loss mask relies on. The tools
 * and calls are ttpa's tool format (tool-format-jinja.ts), the tools in the system turn.
 */
export const TOOL_CHAT_TEMPLATE = `{{- bos_token }}${SPLIT_SYSTEM_JINJA}
{%- if system_message or tools %}
    {{- '<|system|>' }}${SYSTEM_AND_TOOLS_JINJA}
    {{- '<|end|>' }}
{%- endif %}
{%- for message in loop_messages %}
    {%- if message.role == 'assistant' %}
        {{- '<|assistant|>' }}${ASSISTANT_CONTENT_JINJA}
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
