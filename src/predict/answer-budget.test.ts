import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type EvalTarget, evalTargets } from "../dataset/index.js";
import { evaluate } from "../eval/index.js";
import { readJsonl } from "../json/index.js";
import { ScriptedLanguageModel } from "../serve/test-support/index.js";
import { answerBudget, longestAnswerText } from "./answer-budget.js";
import { runPredict } from "./run-predict.js";
import { perfectReply, weatherRecords } from "./test-support/index.js";

const target = (reference: EvalTarget["reference"]): EvalTarget => ({
  id: "t",
  recordId: "t",
  category: "simple",
  context: [{ role: "user", content: "hi" }],
  tools: [],
  reference,
});

describe("answerBudget", () => {
  it("writes each reference call in ttpa's tags with every argument's longest accepted value", () => {
    const text = longestAnswerText(
      target([
        {
          name: "f",
          arguments: {
            city: { accepted: ["SF", "San Francisco, CA"], optional: false },
            unit: { accepted: [], optional: true },
          },
        },
        { name: "g", arguments: { n: { accepted: [3], optional: false } } },
      ]),
    );
    expect(text).toBe(
      '<tool_call>{"name":"f","arguments":{"city":"San Francisco, CA"}}</tool_call>\n' +
        '<tool_call>{"name":"g","arguments":{"n":3}}</tool_call>\n',
    );
  });

  it("gives a no-call target the minimum and a long answer factor times its tokens", async () => {
    // The scripted model's tokens are characters.
    const budget = answerBudget(new ScriptedLanguageModel({ reply: () => "" }), { minimum: 40, factor: 2 });
    expect(await budget(target([]))).toBe(40);
    const long = target([
      { name: "get_weather", arguments: { city: { accepted: ["Paris"], optional: false } } },
    ]);
    expect(await budget(long)).toBe(2 * longestAnswerText(long).length);
  });

  it("lets runPredict write a right answer longer than the minimum whole, where a fixed cap cuts it", async () => {
    const records = weatherRecords(2, false);
    const targets = records.flatMap(evalTargets);
    const dir = await mkdtemp(path.join(tmpdir(), "ttpa-budget-"));
    const correct = async (maxTokens: Parameters<typeof runPredict>[0]["maxTokens"], file: string) => {
      const out = path.join(dir, file);
      await runPredict({
        model: new ScriptedLanguageModel({ reply: perfectReply }),
        records,
        out,
        maxTokens,
      });
      const { entries, problems } = await readJsonl(out, { onBadLine: "collect" });
      return evaluate({ targets, predictions: entries, problems }).overall.correct;
    };
    const model = new ScriptedLanguageModel({ reply: () => "" });
    // A perfect reply is ~70 characters; 32 cuts every one of them.
    expect(await correct(32, "fixed.jsonl")).toBe(0);
    expect(await correct(answerBudget(model, { minimum: 32 }), "budget.jsonl")).toBe(2);
    // A reply that runs on past its answer is still cut, at the target's own cap.
    const runaway = path.join(dir, "runaway.jsonl");
    await runPredict({
      model: new ScriptedLanguageModel({ reply: (prompt) => perfectReply(prompt).repeat(10) }),
      records,
      out: runaway,
      maxTokens: answerBudget(model, { minimum: 32, factor: 1.5 }),
    });
    const lines = (await readFile(runaway, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(targets.length);
    for (const line of lines) {
      const { id, output } = JSON.parse(line);
      const answer = longestAnswerText(targets.find((t) => t.id === id) as EvalTarget);
      expect(output.length).toBe(Math.ceil(1.5 * answer.length));
    }
  });
});
