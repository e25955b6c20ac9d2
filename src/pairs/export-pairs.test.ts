import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderChat } from "../chat-template/index.js";
import { exportPairs } from "./export-pairs.js";
import type { PreferencePair } from "./preference-pair.js";
import { samplePairs } from "./test-support/index.js";

let dir: string;
let pairs: PreferencePair[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ttpa-export-"));
  pairs = await samplePairs();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const readJsonl = async (file: string) =>
  (await readFile(file, "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("exportPairs", () => {
  it("trl: conversational preference rows — prompt, chosen and rejected message lists, and tools", async () => {
    const result = await exportPairs({ pairs, format: "trl", outDir: dir });
    expect(result).toMatchObject({ written: pairs.length, skipped: [] });
    const rows = await readJsonl(path.join(dir, "ttpa_pairs.jsonl"));
    expect(rows).toHaveLength(pairs.length);
    rows.forEach((row, i) => {
      const pair = pairs[i] as PreferencePair;
      expect(Object.keys(row)).toEqual(expect.arrayContaining(["prompt", "chosen", "rejected", "tools"]));
      expect((row.prompt as Array<{ role: string }>).map((m) => m.role)).toEqual(
        pair.prompt.map((m) => m.role),
      );
      for (const side of [row.chosen, row.rejected] as Array<Array<Record<string, unknown>>>) {
        expect(side).toHaveLength(1);
        expect(side[0]?.role).toBe("assistant");
      }
      expect(row.tools).toEqual(pair.tools);
      expect(row.score_chosen).toBe(pair.meta.chosen_score);
    });
    // Tool-call arguments become objects, as chat templates expect; unparsed text stays content.
    const first = rows[0] as { chosen: Array<{ tool_calls: Array<{ function: { arguments: unknown } }> }> };
    expect(first.chosen[0]?.tool_calls[0]?.function.arguments).toEqual({ city: "Paris" });
    const long = rows.at(-1) as {
      prompt: Array<Record<string, unknown>>;
      rejected: Array<Record<string, unknown>>;
    };
    expect(long.rejected[0]?.content).toContain("<tool_call>");
    expect(
      (long.prompt[2]?.tool_calls as Array<{ function: { arguments: unknown } }> | undefined)?.[1]?.function
        .arguments,
    ).toEqual({
      unit: "celsius",
      city: "東京",
    });

    await exportPairs({ pairs, format: "trl", outDir: dir, name: "strings", toolsAsJsonString: true });
    const stringRows = await readJsonl(path.join(dir, "strings.jsonl"));
    expect(JSON.parse(stringRows[0]?.tools as string)).toEqual(pairs[0]?.tools);
  });

  it("llamafactory: ShareGPT ranking rows that pass LLaMA-Factory's alternation rules, and the dataset_info entry", async () => {
    await writeFile(
      path.join(dir, "dataset_info.json"),
      JSON.stringify({ mine: { file_name: "mine.json" } }),
    );
    const result = await exportPairs({ pairs, format: "llamafactory", outDir: dir, name: "tps" });
    expect(result.written).toBe(pairs.length);
    const rows = JSON.parse(await readFile(path.join(dir, "tps.json"), "utf8")) as Array<
      Record<string, unknown>
    >;
    const info = JSON.parse(await readFile(path.join(dir, "dataset_info.json"), "utf8"));
    expect(info.mine).toEqual({ file_name: "mine.json" });
    expect(info.tps).toEqual({
      file_name: "tps.json",
      formatting: "sharegpt",
      ranking: true,
      columns: {
        messages: "conversations",
        chosen: "chosen",
        rejected: "rejected",
        system: "system",
        tools: "tools",
      },
      tags: {
        role_tag: "from",
        content_tag: "value",
        user_tag: "human",
        assistant_tag: "gpt",
        observation_tag: "observation",
        function_tag: "function_call",
        system_tag: "system",
      },
    });
    const { tags, columns } = info.tps;
    const oddTags = [tags.user_tag, tags.observation_tag];
    const evenTags = [tags.assistant_tag, tags.function_tag];
    for (const row of rows) {
      // What SharegptDatasetConverter checks for a ranking example.
      const messages = row[columns.messages] as Array<Record<string, string>>;
      messages.forEach((message, i) => {
        expect((i % 2 === 0 ? oddTags : evenTags).includes(message[tags.role_tag] as string)).toBe(true);
        expect(typeof message[tags.content_tag]).toBe("string");
      });
      expect(messages.length % 2).toBe(1);
      for (const side of [row[columns.chosen], row[columns.rejected]] as Array<Record<string, string>>) {
        expect(evenTags).toContain(side[tags.role_tag]);
        // A function_call value is what LLaMA-Factory's FunctionFormatter reads: {name, arguments} or a list.
        if (side[tags.role_tag] === tags.function_tag) {
          const calls = [JSON.parse(side[tags.content_tag] as string)].flat();
          for (const call of calls) expect(Object.keys(call)).toEqual(["name", "arguments"]);
        }
      }
      const tools = JSON.parse(row[columns.tools] as string) as Array<Record<string, unknown>>;
      expect(tools.map((tool) => tool.name)).toEqual(["get_weather", "book_table"]);
      expect(typeof row[columns.system]).toBe("string");
    }
    const first = rows[0] as { chosen: { value: string } };
    expect(JSON.parse(first.chosen.value)).toEqual({ name: "get_weather", arguments: { city: "Paris" } });
    const long = rows.at(-1) as {
      conversations: Array<{ from: string; value: string }>;
      system: string;
      rejected: { from: string };
    };
    expect(long.system).toBe("You are a helpful assistant.");
    expect(long.conversations.map((m) => m.from)).toEqual([
      "human",
      "function_call",
      "observation",
      "gpt",
      "human",
    ]);
    expect(JSON.parse(long.conversations[1]?.value as string)).toHaveLength(2);
    expect(JSON.parse(long.conversations[2]?.value as string)).toEqual(['{"temp": 21}', '{"temp": 18}']);
    expect(long.rejected.from).toBe("gpt");
  });

  it("llamafactory: skips a conversation ShareGPT cannot hold, and says why", async () => {
    const odd = { ...(pairs[0] as PreferencePair), id: "odd/1" };
    odd.prompt = [...odd.prompt, { role: "system", content: "late system turn" }];
    const result = await exportPairs({ pairs: [odd], format: "llamafactory", outDir: dir });
    expect(result).toMatchObject({ written: 0, skipped: [{ id: "odd/1" }] });
  });

  it("openrlhf: pre-rendered prompt, chosen and rejected text with the score gap as margin", async () => {
    const result = await exportPairs({ pairs, format: "openrlhf", outDir: dir, marginScale: 2 });
    expect(result.written).toBe(pairs.length);
    const rows = await readJsonl(path.join(dir, "ttpa_pairs.jsonl"));
    rows.forEach((row, i) => {
      const pair = pairs[i] as PreferencePair;
      expect(typeof row.prompt).toBe("string");
      expect(row.margin).toBeCloseTo(2 * (pair.meta.chosen_score - pair.meta.rejected_score), 12);
      // prompt + chosen is the whole conversation as the template renders it, ending with the EOS text.
      expect(`${row.prompt}${row.chosen}`).toBe(
        renderChat({ messages: [...pair.prompt, pair.chosen], tools: pair.tools }),
      );
      expect(`${row.prompt}${row.rejected}`).toBe(
        renderChat({ messages: [...pair.prompt, pair.rejected], tools: pair.tools }),
      );
      expect(row.chosen as string).toMatch(/<\|end\|>$/);
      expect(row.prompt as string).toContain("<tools>");
    });
  });
});
