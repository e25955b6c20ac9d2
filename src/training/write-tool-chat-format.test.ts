import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GEMMA_TOOL_CHAT_TEMPLATE } from "../chat-template/index.js";
import { writeToolChatFormat } from "./write-tool-chat-format.js";

const GEMMA_OWN =
  "{{ bos_token }}{% for message in messages %}<start_of_turn>{{ message.role }}\n{% endfor %}";
let dir: string;

async function folder(modelType: string, tokenizerConfig: Record<string, unknown>, jinja?: string) {
  dir = await mkdtemp(path.join(tmpdir(), "ttpa-tool-format-"));
  await writeFile(path.join(dir, "config.json"), JSON.stringify({ model_type: modelType }));
  await writeFile(path.join(dir, "tokenizer_config.json"), JSON.stringify(tokenizerConfig));
  if (jinja !== undefined) await writeFile(path.join(dir, "chat_template.jinja"), jinja);
  return dir;
}
const tokenizerConfigOf = async (where: string) =>
  JSON.parse(await readFile(path.join(where, "tokenizer_config.json"), "utf8"));

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("writeToolChatFormat", () => {
  it("gives a Gemma folder whose template ignores tools ttpa's format in Gemma's turns, ending on <end_of_turn>", async () => {
    const where = await folder("gemma3_text", { eos_token: "<eos>", bos_token: "<bos>" }, GEMMA_OWN);
    expect(await writeToolChatFormat(where)).toMatchObject({ eosToken: "<end_of_turn>" });
    expect(await tokenizerConfigOf(where)).toEqual({
      eos_token: "<end_of_turn>",
      bos_token: "<bos>",
      chat_template: GEMMA_TOOL_CHAT_TEMPLATE,
    });
    expect(existsSync(path.join(where, "chat_template.jinja"))).toBe(false); // it would win over ours
  });

  it("leaves a template that reads tools, and an architecture without a known turn structure, as they are", async () => {
    const qwen = await folder("qwen3", {
      chat_template: "{%- if tools %}...{%- endif %}",
      eos_token: "<|im_end|>",
    });
    expect(await writeToolChatFormat(qwen)).toBeUndefined();
    expect(await tokenizerConfigOf(qwen)).toEqual({
      chat_template: "{%- if tools %}...{%- endif %}",
      eos_token: "<|im_end|>",
    });
    await rm(qwen, { recursive: true });
    const llama = await folder("llama", { eos_token: "</s>" });
    expect(await writeToolChatFormat(llama)).toBeUndefined();
  });

  it("names the file it cannot read", async () => {
    const where = await folder("gemma3_text", {});
    await rm(path.join(where, "config.json"));
    await expect(writeToolChatFormat(where)).rejects.toThrow(path.join(where, "config.json"));
  });
});
