import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTinyGgufModel, type TinyGgufModel } from "../backends/test-support/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
let fixture: TinyGgufModel;

beforeAll(async () => {
  fixture = await createTinyGgufModel();
});
afterAll(async () => {
  await fixture?.cleanup();
});

interface ServeChild {
  readonly url: string;
  readonly child: ChildProcessWithoutNullStreams;
  readonly exit: Promise<number | null>;
  /** Everything the child wrote so far. */
  output(): { stdout: string; stderr: string };
}

/** `ttpa serve` on the tiny model in a child process, once it prints its URL. */
async function startServe(extraArgs: string[], env: NodeJS.ProcessEnv = process.env): Promise<ServeChild> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(here, "test-support/serve-cli.ts"),
      "serve",
      fixture.modelPath,
      "--port",
      "0",
      "--threads",
      "1",
      "--context-size",
      "1024",
      "--name",
      "tiny",
      ...extraArgs,
    ],
    { stdio: ["pipe", "pipe", "pipe"], env },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exit = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const started = Date.now();
  let url: string | undefined;
  while (url === undefined) {
    if (Date.now() - started > 30_000) throw new Error(`serve did not start: ${stdout}${stderr}`);
    url = /on (http:\/\/127\.0\.0\.1:\d+)\/v1/.exec(stdout)?.[1];
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { url, child, exit, output: () => ({ stdout, stderr }) };
}

describe("ttpa serve (child process)", () => {
  it("serves, then on SIGTERM finishes the request in progress and exits 0", async () => {
    const serve = await startServe([]);
    const models = (await (await fetch(`${serve.url}/v1/models`)).json()) as { data: Array<{ id: string }> };
    expect(models.data[0]?.id).toBe("tiny");

    const long = fetch(`${serve.url}/v1/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt: "The weather", max_tokens: 600, temperature: 0, ignore_eos: true }),
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    serve.child.kill("SIGTERM");
    const answer = await long;
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { usage: { completion_tokens: number } };
    expect(body.usage.completion_tokens).toBe(600);
    expect(await serve.exit).toBe(0);
    const { stdout, stderr } = serve.output();
    expect(stderr).toContain("SIGTERM: finishing requests in progress");
    expect(stdout).toContain("stopped");
  });

  it("takes the API key from --api-key or TTPA_API_KEY, answers 401 without it, and never prints it", async () => {
    const key = "sk-serve-cli-5d1e0b77";
    const fromFlag = await startServe(["--api-key", key, "--verbose"]);
    const fromEnv = await startServe(["--verbose"], { ...process.env, TTPA_API_KEY: key });
    for (const serve of [fromFlag, fromEnv]) {
      expect(serve.output().stdout).toContain("API key required");
      expect((await fetch(`${serve.url}/v1/models`)).status).toBe(401);
      const wrong = await fetch(`${serve.url}/v1/models`, { headers: { authorization: "Bearer nope" } });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${serve.url}/v1/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ prompt: "The", max_tokens: 2 }),
      });
      expect(right.status).toBe(200);
      serve.child.kill("SIGTERM");
      expect(await serve.exit).toBe(0);
      const { stdout, stderr } = serve.output();
      // The access log saw all three requests, and none of the key.
      expect(stderr).toMatch(
        /GET \/v1\/models 401[\s\S]*GET \/v1\/models 401[\s\S]*POST \/v1\/completions 200/,
      );
      expect(stdout + stderr).not.toContain(key);
    }
  });

  it("refuses an empty key with a one-line error", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(here, "test-support/serve-cli.ts"), "serve", fixture.modelPath],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, TTPA_API_KEY: "" } },
    );
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/API key \(--api-key or TTPA_API_KEY\) is empty/);
  });
});
