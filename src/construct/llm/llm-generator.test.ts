import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Toolset } from "../../tools/index.js";
import { runConstruct } from "../run-construct.js";
import { ChatClient } from "./chat-client.js";
import { LlmGenerator } from "./llm-generator.js";
import { type ScriptedChatServer, startScriptedChatServer } from "./test-support/scripted-chat-server.js";

const tools: Toolset = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Current weather for a city.",
      parameters: {
        type: "object",
        properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
        required: ["city"],
        additionalProperties: false,
      },
    },
  },
];

const CITIES = ["Lisbon", "Oslo", "Kyoto", "Quito", "Accra", "Perth"];

/** Scripted replies keyed on the stage line of the prompt; conversation i is about CITIES[i]. */
function reply(body: Record<string, unknown>): string {
  const prompt = String((body.messages as Array<{ content: string }>)[0]?.content);
  const index = Number(String(body.user).replace("ttpa-", ""));
  const city = CITIES[index % CITIES.length]!;
  const stage = /^Stage: ([a-z ]+)\./.exec(prompt)?.[1];
  switch (stage) {
    case "scenario":
      return JSON.stringify({ scenario: `Ana is travelling to ${city} tomorrow.`, facts: { city } });
    case "tool selection":
      return JSON.stringify({ tools: ["get_weather"], constraints: [] });
    case "call": {
      if (!prompt.includes("Calls made so far, with their results: []"))
        return JSON.stringify({ done: true });
      // Conversation 4 always sends an argument the schema forbids: it must end up rejected.
      if (index === 4) return JSON.stringify({ calls: [{ name: "get_weather", arguments: { town: city } }] });
      return JSON.stringify({ calls: [{ name: "get_weather", arguments: { city, unit: "celsius" } }] });
    }
    case "tool result":
      return JSON.stringify({ result: { city, temperature: 18, unit: "celsius" } });
    case "final answer":
      return `\`\`\`json\n${JSON.stringify({ answer: `It is 18 degrees in ${city}.` })}\n\`\`\``;
    case "user query":
      // Conversation 2 first answers with prose: the stage is asked again with feedback.
      if (index === 2 && !prompt.includes("rejected")) return "Sure! Here is a query.";
      return JSON.stringify({ query: `What is the weather in ${city}, in celsius?` });
    default:
      throw new Error(`unscripted prompt: ${prompt.slice(0, 60)}`);
  }
}

let server: ScriptedChatServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("LlmGenerator over an OpenAI-compatible server", () => {
  it("survives 429s, 500s, malformed bodies and timeouts, and a rerun is served from the cache", async () => {
    server = await startScriptedChatServer({
      reply,
      faults: [
        { type: "status", status: 429, retryAfterSeconds: 0 },
        { type: "status", status: 500 },
        { type: "malformed" },
        { type: "hang", ms: 400 },
        { type: "status", status: 503 },
      ],
    });
    const dir = await mkdtemp(path.join(tmpdir(), "ttpa-llm-"));
    const cacheDir = path.join(dir, "cache");
    const makeClient = () =>
      new ChatClient({
        baseUrl: server!.baseUrl,
        apiKey: "sk-test-secret",
        cacheDir,
        timeoutMs: 200,
        backoffMs: 5,
      });
    const client = makeClient();
    await client.preflight();
    const out = path.join(dir, "data.jsonl");
    const summary = await runConstruct({
      generator: new LlmGenerator({ client, model: "scripted" }),
      tools,
      out,
      count: 6,
      seed: 1,
      concurrency: 2,
      turns: [1, 1],
    });
    expect(summary).toMatchObject({ kept: 5, rejected: 1, failed: 0 });
    expect(client.stats.retries).toBe(5);
    const rejects = readFileSync(out.replace(".jsonl", ".rejects.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rejects).toEqual([
      {
        id: "conv-000004",
        stage: "call",
        reason: "get_weather: city must have required property 'city' (after 3 attempts)",
      },
    ]);
    const kept = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(kept.map((record) => record.messages[0].content)).toContain(
      "What is the weather in Kyoto, in celsius?",
    );
    expect(server.authorizations.every((header) => header === "Bearer sk-test-secret")).toBe(true);
    expect(readFileSync(out, "utf8")).not.toContain("sk-test-secret");

    const requestsBefore = server.requests.length;
    const rerun = path.join(dir, "again.jsonl");
    const again = makeClient();
    await runConstruct({
      generator: new LlmGenerator({ client: again, model: "scripted" }),
      tools,
      out: rerun,
      count: 6,
      seed: 1,
      turns: [1, 1],
    });
    expect(server.requests.length).toBe(requestsBefore);
    expect(again.stats.requests).toBe(0);
    expect(readFileSync(rerun, "utf8")).toBe(readFileSync(out, "utf8"));
  });

  it("reports failures that outlast the retries, and a rerun retries them", async () => {
    server = await startScriptedChatServer({
      reply,
      faults: Array.from({ length: 3 }, () => ({ type: "status" as const, status: 500 })),
    });
    const dir = await mkdtemp(path.join(tmpdir(), "ttpa-llm-"));
    const out = path.join(dir, "data.jsonl");
    const client = new ChatClient({ baseUrl: server.baseUrl, apiKey: "", maxRetries: 1, backoffMs: 1 });
    const first = await runConstruct({
      generator: new LlmGenerator({ client, model: "scripted" }),
      tools,
      out,
      count: 2,
      concurrency: 1,
      turns: [1, 1],
    });
    expect(first.failed).toBe(1);
    expect(first.failures[0]?.reason).toMatch(
      /^HTTP 500 from http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions/,
    );
    const second = await runConstruct({
      generator: new LlmGenerator({ client, model: "scripted" }),
      tools,
      out,
      count: 2,
      turns: [1, 1],
    });
    expect(second).toMatchObject({ resumed: 1, kept: 1, failed: 0 });
  });
});
