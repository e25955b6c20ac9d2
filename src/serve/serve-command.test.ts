import { spawn } from "node:child_process";
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

describe("ttpa serve (child process)", () => {
  it("serves, then on SIGTERM finishes the request in progress and exits 0", async () => {
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
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
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
    const models = (await (await fetch(`${url}/v1/models`)).json()) as { data: Array<{ id: string }> };
    expect(models.data[0]?.id).toBe("tiny");

    const long = fetch(`${url}/v1/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt: "The weather", max_tokens: 600, temperature: 0, ignore_eos: true }),
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill("SIGTERM");
    const answer = await long;
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { usage: { completion_tokens: number } };
    expect(body.usage.completion_tokens).toBe(600);
    expect(await exit).toBe(0);
    expect(stderr).toContain("SIGTERM: finishing requests in progress");
    expect(stdout).toContain("stopped");
  });
});
