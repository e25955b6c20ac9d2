import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerateResult } from "../backends/language-model.js";
import { LlamaCppLanguageModel } from "../backends/llama-cpp/index.js";
import { OpenAiCompatibleLanguageModel } from "../backends/openai-compatible/index.js";
import { createTinyGgufModel, type TinyGgufModel } from "../backends/test-support/index.js";
import { renderPrompt } from "../chat-template/index.js";
import type { Toolset } from "../tools/index.js";
import { type ModelServer, startModelServer } from "./model-server.js";
import { ScriptedLanguageModel } from "./test-support/index.js";

let fixture: TinyGgufModel;
let model: LlamaCppLanguageModel;
let server: ModelServer;

beforeAll(async () => {
  fixture = await createTinyGgufModel();
  model = await LlamaCppLanguageModel.load({
    modelPath: fixture.modelPath,
    sequences: 4,
    contextSize: 256,
    threads: 1,
  });
  server = await startModelServer({ model, port: 0, name: "tiny" });
});
afterAll(async () => {
  await server?.close();
  await model?.close();
  await fixture?.cleanup();
});

async function post(
  base: string,
  route: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${base}${route}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const errorOf = (body: Record<string, unknown>) => body.error as { message: string; param: string | null };

const TOOLS: Toolset = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Current weather in a city",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  },
];

describe("ttpa serve: errors", () => {
  it("answers 400 with a message naming the problem for bad JSON, a missing prompt and bad fields", async () => {
    const cases: Array<[unknown, RegExp, string | null]> = [
      ['{"prompt": [1, 2', /not valid JSON/, null],
      ["[1, 2]", /must be a JSON object/, null],
      [{ max_tokens: 4 }, /'prompt': is required/, "prompt"],
      [{ prompt: [] }, /'prompt': must be text, token ids, or a non-empty array/, "prompt"],
      [{ prompt: [1, 2, 99_999] }, /'prompt\[2\]': 99999 is not a token id/, "prompt[2]"],
      [{ prompt: [1, 2], logprobs: "five" }, /'logprobs': must be an integer/, "logprobs"],
      [{ prompt: [1, 2], max_tokens: -1 }, /'max_tokens'/, "max_tokens"],
      [{ prompt: [1, 2], temperature: -0.5 }, /'temperature'/, "temperature"],
      [{ prompt: [1, 2], stop: [1] }, /'stop': must be a string or an array of strings/, "stop"],
      [{ prompt: [1, 2], stream: true }, /'stream': .*streaming is not supported/, "stream"],
      [{ prompt: [1, 2], n: 3 }, /'n': only 1 is supported/, "n"],
      [{ prompt: Array(300).fill(65) }, /'prompt': 300 prompt and forced tokens leave no room/, "prompt"],
    ];
    for (const [body, message, param] of cases) {
      const { status, body: answer } = await post(server.url, "/v1/completions", body);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(errorOf(answer).message).toMatch(message);
      expect(errorOf(answer).param).toBe(param);
    }
  });

  it("answers 404 for unknown routes and 405 for the wrong method, listing the routes", async () => {
    const missing = await fetch(`${server.url}/v2/nothing`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain(
      "POST /v1/completions",
    );
    const wrong = await fetch(`${server.url}/v1/completions`);
    expect(wrong.status).toBe(405);
  });

  it("answers 400 for chat requests with bad messages or tools", async () => {
    const bad = await post(server.url, "/v1/chat/completions", {
      messages: [
        { role: "user", content: "hi" },
        { role: "robot", content: "x" },
      ],
    });
    expect(bad.status).toBe(400);
    expect(errorOf(bad.body).message).toMatch(
      /'messages\[1\]\.role': must be system, user, assistant or tool/,
    );
    const tools = await post(server.url, "/v1/chat/completions", {
      messages: [{ role: "user", content: "hi" }],
      tools: [{ type: "function", function: { name: "f", parameters: { type: "array" } } }],
    });
    expect(tools.status).toBe(400);
    expect(errorOf(tools.body).param).toBe("tools");
  });
});

describe("ttpa serve: routes", () => {
  it("lists the model with its context and vocabulary, and its props", async () => {
    const models = (await (await fetch(`${server.url}/v1/models`)).json()) as {
      data: Array<Record<string, unknown>>;
    };
    expect(models.data[0]).toMatchObject({ id: "tiny", object: "model", max_model_len: 256 });
    const props = (await (await fetch(`${server.url}/props`)).json()) as Record<string, unknown>;
    expect(props).toMatchObject({
      chat_template: model.info.chatTemplate,
      bos_token: "<|begin_of_text|>",
      bos_token_id: model.info.bos,
      eog_token_ids: model.info.endOfGeneration,
      add_bos_token: true,
    });
  });

  it("completes a text prompt with BOS added, and names logprob tokens by text or by id", async () => {
    const text = "The weather in Paris is";
    const ids = [model.info.bos as number, ...(await model.tokenize(text))];
    const [expected] = (await model.generate([
      { prompt: ids, maxTokens: 5, topLogprobs: 2, stopTokens: [] },
    ])) as [GenerateResult];
    const byText = await post(server.url, "/v1/completions", {
      prompt: text,
      max_tokens: 5,
      temperature: 0,
      logprobs: 2,
      ignore_eos: true,
    });
    expect(byText.status).toBe(200);
    const choice = (byText.body.choices as Array<Record<string, unknown>>)[0];
    expect(choice).toMatchObject({
      text: expected.text,
      finish_reason: "length",
      token_ids: expected.tokens.map((t) => t.token),
    });
    const logprobs = choice?.logprobs as { tokens: string[]; top_logprobs: Array<Record<string, number>> };
    expect(logprobs.tokens.join("")).toBe(expected.text);
    expect(byText.body.usage).toEqual({
      prompt_tokens: ids.length,
      completion_tokens: 5,
      total_tokens: ids.length + 5,
    });

    const byId = await post(server.url, "/v1/completions", {
      prompt: [ids, ids.slice(0, 3)],
      max_tokens: 5,
      temperature: 0,
      logprobs: 2,
      ignore_eos: true,
      return_tokens_as_token_ids: true,
    });
    const choices = byId.body.choices as Array<{ logprobs: { tokens: string[]; top_logprobs: object[] } }>;
    expect(choices).toHaveLength(2);
    expect(choices[0]?.logprobs.tokens).toEqual(expected.tokens.map((t) => `token_id:${t.token}`));
    expect(Object.keys(choices[0]?.logprobs.top_logprobs[0] ?? {})).toEqual(
      expected.tokens[0]?.top.map((t) => `token_id:${t.token}`),
    );
  });

  it("tokenizes as vLLM (BOS by default) and llama.cpp (no BOS by default) do, and detokenizes", async () => {
    const plain = await model.tokenize("Hello");
    const vllm = await post(server.url, "/tokenize", { prompt: "Hello" });
    expect(vllm.body).toEqual({
      tokens: [model.info.bos, ...plain],
      count: plain.length + 1,
      max_model_len: 256,
    });
    const llama = await post(server.url, "/tokenize", { content: "Hello" });
    expect(llama.body.tokens).toEqual(plain);
    const back = await post(server.url, "/detokenize", { tokens: [model.info.bos, ...plain] });
    expect(back.body).toEqual({ prompt: "<|begin_of_text|>Hello", content: "<|begin_of_text|>Hello" });
    const skipped = await post(server.url, "/detokenize", {
      tokens: [model.info.bos, ...plain],
      skip_special_tokens: true,
    });
    expect(skipped.body.prompt).toBe("Hello");
    const bad = await post(server.url, "/detokenize", { tokens: [1, "x"] });
    expect(bad.status).toBe(400);
    expect(errorOf(bad.body).param).toBe("tokens[1]");
  });

  it("stays up under many concurrent clients, answering each as if alone", async () => {
    const prompts = Array.from({ length: 16 }, (_, i) => [model.info.bos as number, 65 + i, 66 + i]);
    const expected = await model.generate(
      prompts.map((prompt) => ({ prompt, maxTokens: 6, stopTokens: [] })),
    );
    const answers = await Promise.all(
      prompts.map((prompt) =>
        post(server.url, "/v1/completions", { prompt, max_tokens: 6, temperature: 0, ignore_eos: true }),
      ),
    );
    answers.forEach((answer, i) => {
      expect(answer.status).toBe(200);
      expect((answer.body.choices as Array<{ text: string }>)[0]?.text).toBe(expected[i]?.text);
    });
  });
});

describe("ttpa serve: chat completions", () => {
  it("renders messages and tools with the chat template and parses the output into tool_calls", async () => {
    const scripted = new ScriptedLanguageModel({
      reply: () => '<tool_call>{"name": "get_weather", "arguments": {"city": "Paris"}}</tool_call>',
    });
    const chat = await startModelServer({ model: scripted, port: 0 });
    try {
      const messages = [
        { role: "system", content: "Be brief." },
        { role: "user", content: [{ type: "text", text: "Weather in Paris?" }] },
      ];
      const answer = await post(chat.url, "/v1/chat/completions", { messages, tools: TOOLS, temperature: 0 });
      expect(answer.status).toBe(200);
      expect(answer.body.model).toBe("scripted");
      const choice = (answer.body.choices as Array<Record<string, unknown>>)[0];
      expect(choice?.finish_reason).toBe("tool_calls");
      const message = choice?.message as { content: unknown; tool_calls: Array<Record<string, unknown>> };
      expect(message.content).toBeNull();
      expect(message.tool_calls).toHaveLength(1);
      expect(message.tool_calls[0]).toMatchObject({
        type: "function",
        function: { name: "get_weather", arguments: '{"city":"Paris"}' },
      });
      const rendered = renderPrompt({
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Weather in Paris?" },
        ],
        tools: TOOLS,
        bosToken: "<s>",
        eosToken: "</s>",
      });
      expect(scripted.prompts[0]).toBe(rendered);

      const none = await post(chat.url, "/v1/chat/completions", {
        messages,
        tools: TOOLS,
        tool_choice: "none",
      });
      const plain = (none.body.choices as Array<{ message: { content: string }; finish_reason: string }>)[0];
      expect(plain?.message.content).toContain("<tool_call>");
      expect(plain?.finish_reason).toBe("stop");
    } finally {
      await chat.close();
    }
  });

  it("answers text as content, with chat logprobs carrying token ids", async () => {
    const answer = await post(server.url, "/v1/chat/completions", {
      messages: [{ role: "user", content: "Hi" }],
      max_tokens: 4,
      temperature: 0,
      logprobs: true,
      top_logprobs: 2,
      ignore_eos: true,
    });
    expect(answer.status).toBe(200);
    const [choice] = answer.body.choices as [Record<string, unknown>];
    expect(choice.finish_reason).toBe("length");
    const content = (choice.logprobs as { content: Array<{ id: number; top_logprobs: unknown[] }> }).content;
    expect(content).toHaveLength(4);
    expect(content.every((entry) => Number.isInteger(entry.id) && entry.top_logprobs.length === 2)).toBe(
      true,
    );
    expect(typeof (choice.message as { content: string }).content).toBe("string");
  });
});

describe("ttpa serve: API key", () => {
  const key = "sk-ttpa-test-7f3a9c";

  it("answers 401 in OpenAI's error shape without the bearer key, on every route but /health", async () => {
    const keyed = await startModelServer({ model, port: 0, apiKey: key });
    try {
      const wrongs: Array<Record<string, string>> = [
        {},
        { authorization: "Bearer sk-wrong" },
        { authorization: `Bearer ${key}x` },
        { authorization: key },
        { authorization: `Basic ${key}` },
      ];
      for (const route of ["/v1/models", "/props", "/v1/completions", "/tokenize", "/no/such/route"]) {
        for (const headers of wrongs) {
          const answer = await fetch(`${keyed.url}${route}`, {
            method: route === "/v1/completions" || route === "/tokenize" ? "POST" : "GET",
            headers,
            ...(route === "/v1/completions" ? { body: '{"prompt": "a", "max_tokens": 1}' } : {}),
            ...(route === "/tokenize" ? { body: '{"prompt": "a"}' } : {}),
          });
          expect(answer.status, `${route} ${JSON.stringify(headers)}`).toBe(401);
          expect(answer.headers.get("www-authenticate")).toBe("Bearer");
          const body = (await answer.json()) as { error: Record<string, unknown> };
          expect(body.error).toMatchObject({ type: "invalid_request_error", code: "invalid_api_key" });
          expect(body.error.message).toMatch(/Authorization: Bearer <key>/);
          expect(JSON.stringify(body)).not.toContain(key);
        }
      }
      expect((await fetch(`${keyed.url}/health`)).status).toBe(200);
      const authorization = `Bearer ${key}`;
      expect((await fetch(`${keyed.url}/v1/models`, { headers: { authorization } })).status).toBe(200);
      const completion = await fetch(`${keyed.url}/v1/completions`, {
        method: "POST",
        headers: { authorization, "content-type": "application/json" },
        body: JSON.stringify({ prompt: "The", max_tokens: 2, temperature: 0 }),
      });
      expect(completion.status).toBe(200);
    } finally {
      await keyed.close();
    }
  });

  it("serves the remote backend that sends the key from its variable, and refuses it without", async () => {
    const keyed = await startModelServer({ model, port: 0, apiKey: key });
    process.env.TTPA_TEST_SERVE_KEY = key;
    try {
      const remote = await OpenAiCompatibleLanguageModel.connect({
        endpoints: keyed.url,
        apiKeyEnv: "TTPA_TEST_SERVE_KEY",
      });
      const request = { prompt: [model.info.bos as number, 65, 66], maxTokens: 4, stopTokens: [] };
      const [expected] = (await model.generate([request])) as [GenerateResult];
      const [result] = (await remote.generate([request])) as [GenerateResult];
      expect(result.tokens.map((t) => t.token)).toEqual(expected.tokens.map((t) => t.token));
      await remote.close();
      const refused = await OpenAiCompatibleLanguageModel.connect({
        endpoints: keyed.url,
        maxRetries: 0,
      }).catch((error: unknown) => error as Error);
      expect(refused).toBeInstanceOf(Error);
      expect((refused as Error).message).toMatch(/401/);
      expect((refused as Error).message).not.toContain(key);
    } finally {
      delete process.env.TTPA_TEST_SERVE_KEY;
      await keyed.close();
    }
  });

  it("refuses an empty key", async () => {
    await expect(startModelServer({ model, port: 0, apiKey: "" })).rejects.toThrow(/API key is empty/);
  });
});

describe("ttpa serve: load and shutdown", () => {
  it("answers 503 with Retry-After beyond maxPending, and finishes requests in progress on close", async () => {
    const slow = new ScriptedLanguageModel({ reply: () => "done", delayMs: 300 });
    const busy = await startModelServer({ model: slow, port: 0, maxPending: 1 });
    const first = post(busy.url, "/v1/completions", { prompt: "a", max_tokens: 8 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await fetch(`${busy.url}/v1/completions`, { method: "POST", body: '{"prompt": "b"}' });
    expect(second.status).toBe(503);
    expect(second.headers.get("retry-after")).toBe("1");
    const closing = busy.close({ graceMs: 5000 });
    const answered = await first;
    expect(answered.status).toBe(200);
    expect((answered.body.choices as Array<{ text: string }>)[0]?.text).toBe("done");
    await closing;
    await expect(fetch(`${busy.url}/health`)).rejects.toThrow();
  });

  it("cancels what is still running when the grace period ends", async () => {
    const slow = new ScriptedLanguageModel({ reply: () => "late", delayMs: 5000 });
    const busy = await startModelServer({ model: slow, port: 0 });
    const pending = post(busy.url, "/v1/completions", { prompt: "a" }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await busy.close({ graceMs: 100 });
    expect(Date.now() - started).toBeLessThan(2000);
    const outcome = await pending;
    if (!(outcome instanceof Error)) expect((outcome as { status: number }).status).toBe(503);
  });
});
