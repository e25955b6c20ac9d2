import { spawn } from "node:child_process";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { evalTargets } from "../dataset/index.js";
import { evaluate } from "../eval/index.js";
import { promptTokens } from "../inference/index.js";
import { readJsonl } from "../json/index.js";
import { ScriptedLanguageModel } from "../serve/test-support/index.js";
import { runPredict } from "./run-predict.js";
import { perfectReply, weatherRecords, writeWeatherDataset } from "./test-support/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const temp = () => mkdtemp(path.join(tmpdir(), "ttpa-predict-"));

function lines(file: string): Array<{ id: string; output: string }> {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}

describe("runPredict", () => {
  it("writes one {id, output} line per eval target, with the raw generated text", async () => {
    const records = weatherRecords(3);
    const out = path.join(await temp(), "predictions.jsonl");
    const model = new ScriptedLanguageModel({ reply: perfectReply });
    const summary = await runPredict({ model, records, out, concurrency: 3 });
    const targets = records.flatMap(evalTargets);
    expect(summary).toMatchObject({ total: 5, written: 5, skipped: 0, failed: 0 });
    const written = lines(out);
    expect(written.map((line) => line.id).sort()).toEqual(targets.map((target) => target.id).sort());
    const multi = written.find((line) => line.id === "multi#2");
    expect(multi?.output).toBe(perfectReply("And in Oslo?"));
    // Greedy, with the model's end tokens and the asked-for budget.
    expect(model.prompts).toHaveLength(5);
  });

  it("resumes after a limited run without duplicates, and eval reads the result", async () => {
    const records = weatherRecords();
    const out = path.join(await temp(), "predictions.jsonl");
    const model = new ScriptedLanguageModel({ reply: perfectReply });
    const first = await runPredict({ model, records, out, limit: 4 });
    expect(first).toMatchObject({ total: 10, written: 4, skipped: 0 });
    // A run killed mid-write leaves a partial last line; the next run cuts it off and redoes that target.
    appendFileSync(out, '{"id": "weather-7", "outp');
    const second = await runPredict({ model, records, out });
    expect(second).toMatchObject({ total: 10, written: 6, skipped: 4 });
    const ids = lines(out).map((line) => line.id);
    expect(new Set(ids).size).toBe(10);
    const third = await runPredict({ model, records, out });
    expect(third).toMatchObject({ written: 0, skipped: 10 });

    const { entries, problems } = await readJsonl(out, { onBadLine: "collect" });
    const report = evaluate({ targets: records.flatMap(evalTargets), predictions: entries, problems });
    expect(report.overall).toMatchObject({ count: 10, correct: 10 });
  });

  it("reports a target whose prompt does not fit the context and goes on with the others", async () => {
    const records = weatherRecords(2);
    const measure = new ScriptedLanguageModel({ reply: perfectReply });
    const lengths = await Promise.all(
      records.flatMap(evalTargets).map(async (target) => {
        const prompt = await promptTokens({ model: measure, messages: target.context, tools: target.tools });
        return prompt.length;
      }),
    );
    const model = new ScriptedLanguageModel({ reply: perfectReply, contextSize: Math.max(...lengths) + 100 });
    records[0]?.messages.splice(0, 1, {
      role: "user",
      content: `What is the weather in Paris?${" Please.".repeat(40)}`,
    });
    const out = path.join(await temp(), "predictions.jsonl");
    const summary = await runPredict({ model, records, out });
    expect(summary).toMatchObject({ total: 4, written: 3, failed: 1 });
    expect(summary.failures[0]).toMatchObject({ id: "weather-0" });
    expect(summary.failures[0]?.reason).toMatch(/'prompt': \d+ prompt and forced tokens leave no room/);
  });

  it("reports a conversation the chat template cannot render and goes on with the others", async () => {
    // Like many templates that predate tool calls: content must be a string.
    const chatTemplate =
      "{% for message in messages %}{{ message['role'] + ': ' + message['content'] + '\\n' }}{% endfor %}";
    const model = new ScriptedLanguageModel({ reply: perfectReply, chatTemplate });
    const out = path.join(await temp(), "predictions.jsonl");
    const summary = await runPredict({ model, records: weatherRecords(1), out });
    expect(summary).toMatchObject({ total: 3, written: 2, failed: 1 });
    expect(summary.failures[0]?.id).toBe("multi#2");
    expect(summary.failures[0]?.reason).toMatch(/chat template could not render the conversation/);
  });

  it("stops on a model error, keeping the lines written so far", async () => {
    let calls = 0;
    const model = new ScriptedLanguageModel({
      reply: (prompt) => {
        if (++calls === 3) throw new Error("server gone");
        return perfectReply(prompt);
      },
    });
    const out = path.join(await temp(), "predictions.jsonl");
    await expect(runPredict({ model, records: weatherRecords(), out, concurrency: 1 })).rejects.toThrow(
      "server gone",
    );
    expect(lines(out)).toHaveLength(2);
  });

  it("after SIGKILL midway, a rerun completes every target exactly once", async () => {
    const dir = await temp();
    const data = path.join(dir, "data.jsonl");
    const records = await writeWeatherDataset(data);
    const out = path.join(dir, "predictions.jsonl");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(here, "test-support/slow-predict.ts"), data, out],
      {
        stdio: "inherit",
      },
    );
    const exit = new Promise<number | null>((resolve) => child.on("exit", resolve));
    while (lines(out).length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
    child.kill("SIGKILL");
    expect(await exit).toBe(null);
    expect(lines(out).length).toBeLessThan(10);
    await runPredict({ model: new ScriptedLanguageModel({ reply: perfectReply }), records, out });
    const ids = lines(out).map((line) => line.id);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
  });
});
