import { Command, InvalidArgumentError, Option } from "commander";
import { LlamaCppLanguageModel, ModelLoadError } from "../../backends/llama-cpp/index.js";
import { InputError } from "../../errors/input-error.js";
import { startModelServer } from "../../serve/index.js";
import type { CommandSpec } from "../command-spec.js";
import { parseNonNegativeInt, parsePositiveInt } from "../option-parsers.js";

export const serveCommand: CommandSpec = {
  example: "ttpa serve model.gguf --port 8080",
  create(io) {
    return new Command("serve")
      .summary("serve a GGUF model over an OpenAI-compatible HTTP API (token-id prompts, logprobs)")
      .description(
        "Serves a GGUF model on llama.cpp with the routes vLLM serves, in vLLM's conventions: GET /v1/models, " +
          "POST /v1/completions (text or token-id prompts, logprobs top-k with return_tokens_as_token_ids, " +
          "stop, stop_token_ids, ignore_eos, seed, temperature), POST /v1/chat/completions (messages and " +
          "tools through the model's chat template, tool calls parsed into tool_calls), POST /tokenize, " +
          "POST /detokenize, and llama.cpp's GET /props. Concurrent requests decode together. Ctrl-C or " +
          "SIGTERM lets requests in progress finish, then exits.",
      )
      .argument("<model>", "GGUF model file")
      .option("--host <host>", "address to listen on", "127.0.0.1")
      .option("--port <n>", "port to listen on (0: any free port)", parsePort, 8080)
      .option("--name <name>", "model name clients send and see (default: the file name)")
      .option("--sequences <n>", "requests decoded together", parsePositiveInt, 4)
      .option(
        "--context-size <n>",
        "tokens per sequence (default: the model's, at most 4096)",
        parsePositiveInt,
      )
      .option("--threads <n>", "CPU threads (default: all cores but one)", parsePositiveInt)
      .option("--gpu", "use a GPU when node-llama-cpp has a build for it")
      .option("--max-pending <n>", "requests accepted at once; more get 503", parsePositiveInt, 256)
      .option(
        "--grace <ms>",
        "how long requests in progress may finish at shutdown",
        parseNonNegativeInt,
        10_000,
      )
      .addOption(
        new Option(
          "--api-key <key>",
          "answer 401 to requests without 'Authorization: Bearer <key>' (all routes but /health); " +
            "prefer the variable, which stays out of the process list",
        ).env("TTPA_API_KEY"),
      )
      .option("--verbose", "log every request to stderr (method, path, status, time; never headers)")
      .action(async (modelPath: string, options) => {
        const apiKey = options.apiKey as string | undefined;
        if (apiKey !== undefined && apiKey.trim() === "")
          throw new InputError("the API key (--api-key or TTPA_API_KEY) is empty: give a key, or unset it");
        const model = await loadModel(modelPath, options);
        try {
          const server = await startModelServer({
            model,
            host: options.host,
            port: options.port,
            maxPending: options.maxPending,
            ...(apiKey === undefined ? {} : { apiKey }),
            ...(options.name ? { name: options.name } : {}),
            ...(options.verbose
              ? {
                  onRequest: (entry) =>
                    io.stderr(`${entry.method} ${entry.path} ${entry.status} ${entry.ms}ms\n`),
                }
              : {}),
          }).catch((error: NodeJS.ErrnoException) => {
            if (error.code === "EADDRINUSE")
              throw new InputError(`port ${options.port} is in use: pick another with --port`);
            if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND")
              throw new InputError(`cannot listen on '${options.host}': give a local address with --host`);
            throw error;
          });
          const { info } = model;
          io.stdout(
            `serving ${modelPath} as '${server.name}' on ${server.url}/v1 ` +
              `(context ${info.contextSize}, ${options.sequences} sequences, ` +
              `${apiKey === undefined ? "no API key" : "API key required"}); Ctrl-C to stop\n`,
          );
          if (apiKey === undefined && !isLoopback(options.host))
            io.stderr(
              `warning: listening on ${options.host} without an API key: anyone who reaches it can use the model; set TTPA_API_KEY\n`,
            );
          const shutdown = await shutdownSignal();
          io.stderr(`${shutdown.signal}: finishing requests in progress, then stopping\n`);
          try {
            await server.close({ graceMs: options.grace });
          } finally {
            shutdown.dispose();
          }
        } finally {
          await model.close();
        }
        io.stdout("stopped\n");
      })
      .addHelpText(
        "after",
        `\nExamples:\n  $ ${serveCommand.example}\n` +
          "  $ ttpa predict --model http://127.0.0.1:8080 --data test.jsonl --out predictions.jsonl\n" +
          "  $ TTPA_API_KEY=$(openssl rand -hex 16) ttpa serve model.gguf --host 0.0.0.0\n" +
          "  $ ttpa predict --model http://HOST:8080 --api-key-env TTPA_API_KEY --data test.jsonl --out p.jsonl\n",
      );
  },
};

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

function parsePort(text: string): number {
  const port = parseNonNegativeInt(text);
  if (port > 65_535) throw new InvalidArgumentError(`expected a port from 0 to 65535, got '${text}'`);
  return port;
}

async function loadModel(
  modelPath: string,
  options: Record<string, unknown>,
): Promise<LlamaCppLanguageModel> {
  try {
    return await LlamaCppLanguageModel.load({
      modelPath,
      sequences: Number(options.sequences),
      ...(options.contextSize === undefined ? {} : { contextSize: Number(options.contextSize) }),
      ...(options.threads === undefined ? {} : { threads: Number(options.threads) }),
      ...(options.gpu === true ? { gpu: true } : {}),
    });
  } catch (error) {
    if (error instanceof ModelLoadError) throw new InputError(error.message);
    throw error;
  }
}

/**
 * Resolves with the first SIGINT or SIGTERM. Until `dispose`, a second one ends the process at
 * once, for a shutdown that hangs.
 */
function shutdownSignal(): Promise<{ signal: NodeJS.Signals; dispose: () => void }> {
  return new Promise((resolve) => {
    const force = (): never => process.exit(130);
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      process.on("SIGINT", force);
      process.on("SIGTERM", force);
      resolve({
        signal,
        dispose: () => {
          process.off("SIGINT", force);
          process.off("SIGTERM", force);
        },
      });
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}
