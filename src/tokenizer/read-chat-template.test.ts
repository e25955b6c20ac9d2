import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTinyTokenizer } from "../gguf/test-support/index.js";
import { loadTokenizer } from "./load-tokenizer.js";
import { readChatTemplate } from "./read-chat-template.js";

const DEFAULT = "{% for m in messages %}{{ m['content'] }}{% endfor %}";
const TOOL_USE = "{{ tools | length }} tools{% for m in messages %}{{ m['content'] }}{% endfor %}";

let root: string;
const tiny = buildTinyTokenizer({ pre: "llama-bpe", merges: 10 });

/** A model folder with tokenizer.json, and tokenizer_config.json with `chat_template` as given (or none). */
async function folder(
  name: string,
  chatTemplate: unknown,
  files: Record<string, string> = {},
): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(dir, { recursive: true });
  const { chat_template: _, ...config } = tiny.tokenizerConfig;
  await writeFile(path.join(dir, "tokenizer.json"), JSON.stringify(tiny.tokenizerJson));
  await writeFile(
    path.join(dir, "tokenizer_config.json"),
    JSON.stringify(chatTemplate === undefined ? config : { ...config, chat_template: chatTemplate }),
  );
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ttpa-chat-template-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("the chat template of a model folder", () => {
  it("is tokenizer_config.json's string", async () => {
    expect((await loadTokenizer({ dir: await folder("string", DEFAULT) })).chatTemplate).toBe(DEFAULT);
  });

  it("is chat_template.jinja, where transformers 4.43 and later save it (and it wins, as there)", async () => {
    const jinja = await folder("jinja", undefined, { "chat_template.jinja": DEFAULT });
    expect((await loadTokenizer({ dir: jinja })).chatTemplate).toBe(DEFAULT);
    const both = await folder("both", "{{ 'stale' }}", { "chat_template.jinja": DEFAULT });
    expect(await readChatTemplate(both, { chat_template: "{{ 'stale' }}" })).toEqual({
      template: DEFAULT,
      source: path.join(both, "chat_template.jinja"),
    });
  });

  it("is tool_use among named templates (ttpa always renders tools), else default, else the first", async () => {
    const named = [
      { name: "default", template: DEFAULT },
      { name: "tool_use", template: TOOL_USE },
    ];
    expect((await loadTokenizer({ dir: await folder("named", named) })).chatTemplate).toBe(TOOL_USE);
    const onlyDefault = [{ name: "rag", template: "{{ 'rag' }}" }, named[0]];
    expect((await loadTokenizer({ dir: await folder("default", onlyDefault) })).chatTemplate).toBe(DEFAULT);
    const other = [{ name: "rag", template: "{{ 'rag' }}" }];
    expect((await loadTokenizer({ dir: await folder("other", other) })).chatTemplate).toBe("{{ 'rag' }}");
    // Newer transformers keep the extra named templates in additional_chat_templates/NAME.jinja.
    const split = await folder("split", undefined, {
      "chat_template.jinja": DEFAULT,
      "additional_chat_templates/tool_use.jinja": TOOL_USE,
    });
    expect((await loadTokenizer({ dir: split })).chatTemplate).toBe(TOOL_USE);
  });
});
