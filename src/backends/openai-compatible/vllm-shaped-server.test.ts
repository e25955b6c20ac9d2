import { readFileSync } from "node:fs";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli as run } from "../../cli/test-support/run-cli.js";
import { InputError } from "../../errors/input-error.js";
import { writeTinyLlamaCheckpoint } from "../../gguf/test-support/index.js";
import { writeWeatherDataset } from "../../predict/test-support/index.js";
import { type ModelServer, startModelServer } from "../../serve/index.js";
import { LlamaCppLanguageModel } from "../llama-cpp/index.js";
import { createTinyGgufModel, type TinyGgufModel } from "../test-support/index.js";
import { OpenAiCompatibleLanguageModel } from "./openai-compatible-language-model.js";

// A vLLM server, as far as ttpa sees one: ttpa serve behind a loopback proxy that answers what vLLM
// answers. /v1/models gives the name and max_model_len only (no llama.cpp `meta`: no vocabulary
// size), /props does not exist (no chat template, no special tokens); /v1/completions, /tokenize and
// /detokenize pass through.
let fixture: TinyGgufModel;
let local: LlamaCppLanguageModel;
let server: ModelServer;
let vllm: { url: string; paths: string[]; close: () => Promise<void> };
let dir: string;
let data: string;

beforeAll(async () => {
  fixture = await createTinyGgufModel();
  local = await LlamaCppLanguageModel.load({ modelPath: fixture.modelPath, sequences: 4, threads: 1 });
  server = await startModelServer({ model: local, port: 0 });
  vllm = await startVllmShapedProxy(server.url);
  dir = await mkdtemp(path.join(tmpdir(), "ttpa-vllm-"));
  data = path.join(dir, "test.jsonl");
  // Single-turn only: the tiny model's template cannot render assistant turns with tool calls.
  await writeWeatherDataset(data, undefined, false);
});
afterAll(async () => {
  await vllm?.close();
  await server?.close();
  await local?.close();
  await fixture?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function startVllmShapedProxy(upstream: string): Promise<typeof vllm> {
  const paths: string[] = [];
  const proxy: Server = createServer(async (request, response) => {
    const route = (request.url ?? "").replace(/\?.*$/, "");
    paths.push(route);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (route === "/props") return send(404, { detail: "Not Found" });
    const body = await readBody(request);
    const answer = await fetch(`${upstream}${request.url}`, {
      method: request.method ?? "GET",
      headers: { "content-type": "application/json" },
      ...(request.method === "POST" ? { body } : {}),
    });
    const json = (await answer.json()) as Record<string, unknown>;
    if (route === "/v1/models") {
      const data = (json.data as Array<Record<string, unknown>>).map(
        ({ id, object, created, max_model_len }) => ({
          id,
          object,
          created,
          owned_by: "vllm",
          root: "/models/tiny",
          max_model_len,
        }),
      );
      return send(answer.status, { object: "list", data });
    }
    send(answer.status, json);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    close: () =>
      new Promise((resolve) => {
        proxy.closeAllConnections();
        proxy.close(() => resolve());
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of request) text += chunk;
  return text;
}

function predictions(file: string): Map<string, string> {
  const lines = readFileSync(file, "utf8").trim().split("\n");
  return new Map(
    lines.map((line) => JSON.parse(line) as { id: string; output: string }).map((p) => [p.id, p.output]),
  );
}

describe("a vLLM-shaped server (no vocabulary size, chat template or special tokens reported)", () => {
  it("cannot be used without the model's folder, and says to give it with --tokenizer", async () => {
    const error = await OpenAiCompatibleLanguageModel.connect({ endpoints: `${vllm.url}/v1` }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/does not report its vocabulary size \(vLLM does not\): .*--tokenizer DIR/);
    expect(vllm.paths).toContain("/props"); // asked, and answered 404 as vLLM does
  });

  it("takes the vocabulary size, chat template and special tokens from the model's folder", async () => {
    const remote = await OpenAiCompatibleLanguageModel.connect({
      endpoints: `${vllm.url}/v1`,
      tokenizerDir: fixture.checkpoint.dir,
    });
    const { id, endOfGeneration, ...facts } = remote.info;
    const { id: _, endOfGeneration: localEnd, ...localFacts } = local.info;
    expect(facts).toEqual(localFacts);
    expect(facts.chatTemplate).toContain("<|im_start|>");
    expect(endOfGeneration).toEqual([local.info.eos]);
    expect(localEnd).toContain(local.info.eos);
    await remote.close();
  });

  it("refuses a folder whose tokenizer is not the served model's", async () => {
    const other = await writeTinyLlamaCheckpoint({ dir: path.join(dir, "other"), merges: 5 });
    await expect(
      OpenAiCompatibleLanguageModel.connect({ endpoints: `${vllm.url}/v1`, tokenizerDir: other.dir }),
    ).rejects.toThrow(/its tokenizer.json does not tokenize like the model model-f32/);
  });

  it("ttpa predict --tokenizer DIR predicts what the GGUF predicts; without it, one line says what to add", async () => {
    const localOut = path.join(dir, "local.jsonl");
    const remoteOut = path.join(dir, "remote.jsonl");
    const args = ["--data", data, "--max-tokens", "12"];
    expect(
      (await run("predict", "--model", fixture.modelPath, "--out", localOut, "--threads", "1", ...args)).code,
    ).toBe(0);

    const without = await run("predict", "--model", `${vllm.url}/v1`, "--out", remoteOut, ...args);
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/^ttpa: .*does not report its vocabulary size.*--tokenizer DIR.*\n$/);
    expect(without.stderr).not.toContain("internal error");

    const served = await run(
      "predict",
      "--model",
      `${vllm.url}/v1`,
      "--tokenizer",
      fixture.checkpoint.dir,
      "--out",
      remoteOut,
      ...args,
    );
    expect(served.code).toBe(0);
    expect(served.stdout).toContain("wrote 8 predictions");
    expect(predictions(remoteOut)).toEqual(predictions(localOut));
  });

  it("ttpa sample and predict say they take URLs; sample takes --tokenizer and --served-model, and refuses --tokenizer for a GGUF", async () => {
    const folder = path.join(dir, "template-in-jinja");
    await cp(fixture.checkpoint.dir, folder, { recursive: true });
    // transformers >= 4.43 keeps the template in chat_template.jinja: read from there too.
    const config = JSON.parse(readFileSync(path.join(folder, "tokenizer_config.json"), "utf8"));
    await writeFile(path.join(folder, "chat_template.jinja"), config.chat_template);
    delete config.chat_template;
    await writeFile(path.join(folder, "tokenizer_config.json"), JSON.stringify(config));
    const remote = await OpenAiCompatibleLanguageModel.connect({ endpoints: vllm.url, tokenizerDir: folder });
    expect(remote.info.chatTemplate).toBe(local.info.chatTemplate);

    const help = (await run("sample", "--help")).stdout + (await run("predict", "--help")).stdout;
    expect(help.match(/--model <path-or-url> +GGUF file, or http\(s\) base URL/g)).toHaveLength(2);
    expect(help.match(/--tokenizer <dir> +URL: the model's Hugging Face folder/g)).toHaveLength(2);
    expect(
      help.match(
        /--context-size <n> +tokens per sequence \(default: a GGUF's own, at most\s+4096; a server's report\)/g,
      ),
    ).toHaveLength(2);

    const out = path.join(dir, "pairs.jsonl");
    const unknown = await run(
      "sample",
      "--model",
      vllm.url,
      "--served-model",
      "other",
      "--tokenizer",
      folder,
      "--data",
      data,
      "--out",
      out,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/does not serve 'other' \(it serves: model-f32\)/);
    const gguf = await run(
      "sample",
      "--model",
      fixture.modelPath,
      "--tokenizer",
      folder,
      "--data",
      data,
      "--out",
      out,
    );
    expect(gguf.code).toBe(1);
    expect(gguf.stderr).toMatch(/^ttpa: --tokenizer is for a model served over HTTP/);
  });
});
