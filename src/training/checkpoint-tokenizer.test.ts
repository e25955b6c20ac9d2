import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../errors/input-error.js";
import { buildTinyTokenizer } from "../gguf/test-support/index.js";
import { loadCheckpointTokenizer } from "./checkpoint-tokenizer.js";

describe("loadCheckpointTokenizer", () => {
  it("stops with one line naming the files looked at and what to copy in when there is no chat template", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ttpa-no-template-"));
    try {
      const { tokenizerJson, tokenizerConfig } = buildTinyTokenizer({ pre: "llama-bpe", merges: 10 });
      const { chat_template: _, ...config } = tokenizerConfig;
      await writeFile(path.join(dir, "tokenizer.json"), JSON.stringify(tokenizerJson));
      await writeFile(path.join(dir, "tokenizer_config.json"), JSON.stringify(config));
      const error = (await loadCheckpointTokenizer(dir).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(
        `${dir} has no chat template: neither ${path.join(dir, "chat_template.jinja")} nor a chat_template in its ` +
          "tokenizer_config.json; copy the base model's chat_template.jinja (or its tokenizer_config.json) into it",
      );

      await writeFile(path.join(dir, "chat_template.jinja"), "{{ messages | length }}");
      expect((await loadCheckpointTokenizer(dir)).chatTemplate).toBe("{{ messages | length }}");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
