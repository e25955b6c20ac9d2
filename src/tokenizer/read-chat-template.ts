import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

/** The chat template of a Hugging Face model folder, and where it was found. */
export interface FolderChatTemplate {
  readonly template: string;
  /** The file (and, for a named template, its name) it came from, for messages. */
  readonly source: string;
}

/**
 * Which of several named templates ttpa uses: `tool_use` when there is one, else `default`, else
 * the first. ttpa renders every conversation with its toolset, and transformers'
 * `apply_chat_template` takes `tool_use` when tools are passed; training, GGUF export and remote
 * prompts all pick the same one, so a model is prompted as it was trained.
 */
export const CHAT_TEMPLATE_PREFERENCE = ["tool_use", "default"] as const;

/**
 * The chat template of a model folder, as transformers (4.43 and later) reads it: `chat_template.jinja`
 * wins over `chat_template` in tokenizer_config.json, which is a string or a list of named templates
 * (`[{"name": "default", "template": ...}, {"name": "tool_use", ...}]`); named templates saved as
 * `additional_chat_templates/NAME.jinja` join the list, with `chat_template.jinja` as `default`.
 * Undefined when the folder has none.
 */
export async function readChatTemplate(
  dir: string,
  tokenizerConfig: Record<string, unknown> = {},
): Promise<FolderChatTemplate | undefined> {
  const named = new Map<string, FolderChatTemplate>();
  const jinja = path.join(dir, "chat_template.jinja");
  const configFile = path.join(dir, "tokenizer_config.json");
  if (existsSync(jinja)) {
    named.set("default", { template: await readFile(jinja, "utf8"), source: jinja });
  } else {
    const value = tokenizerConfig.chat_template;
    if (typeof value === "string") return { template: value, source: configFile };
    for (const [name, template] of namedTemplates(value)) {
      named.set(name, { template, source: `${configFile} (chat_template '${name}')` });
    }
  }
  const extraDir = path.join(dir, "additional_chat_templates");
  for (const name of CHAT_TEMPLATE_PREFERENCE) {
    const file = path.join(extraDir, `${name}.jinja`);
    if (!named.has(name) && existsSync(file)) {
      named.set(name, { template: await readFile(file, "utf8"), source: file });
    }
  }
  for (const name of CHAT_TEMPLATE_PREFERENCE) {
    const chosen = named.get(name);
    if (chosen !== undefined) return chosen;
  }
  return named.values().next().value;
}

/**
 * The template a tokenizer_config.json `chat_template` value names, by the same preference: a
 * string as it is, or the preferred entry of a list of named templates (or a name → template map).
 */
export function pickChatTemplate(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  const named = new Map(namedTemplates(value));
  for (const name of CHAT_TEMPLATE_PREFERENCE) {
    const template = named.get(name);
    if (template !== undefined) return template;
  }
  return named.values().next().value;
}

function namedTemplates(value: unknown): Array<[string, string]> {
  if (Array.isArray(value)) {
    return value.flatMap(
      (entry): Array<[string, string]> =>
        typeof entry === "object" &&
        entry !== null &&
        typeof entry.name === "string" &&
        typeof entry.template === "string"
          ? [[entry.name, entry.template]]
          : [],
    );
  }
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string");
  }
  return [];
}
