import path from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import {
  ChatClient,
  LlmGenerator,
  runConstruct,
  SimulatorGenerator,
  TURN_KINDS,
  type TurnKind,
} from "../../construct/index.js";
import { InputError } from "../../errors/input-error.js";
import { loadToolset } from "../../tools/index.js";
import type { CommandSpec } from "../command-spec.js";
import { parseNonNegativeInt, parsePositiveInt, parseRange, parseShard } from "../option-parsers.js";
import { progressDisplay } from "../progress-display.js";

export const constructCommand: CommandSpec = {
  example: "ttpa construct --toolset examples/toolsets --count 2000 --out data.jsonl",
  create(io) {
    return new Command("construct")
      .summary("build tool-use conversations by reversed construction")
      .description(
        "Builds multi-turn tool-use conversations whose queries are answerable by construction: per turn a " +
          "scenario, a tool plan, the calls (validated) and their results, the final answer, and only then " +
          "the user query. Every conversation is verified (schemas; every argument value stated by the user or " +
          "returned by an earlier call) and kept, or written to the rejects file with the reason. Output is " +
          "appended record by record: rerun the same command after an interruption to continue.",
      )
      .requiredOption("--toolset <path>", "toolset file or folder (OpenAI tools, function list, MCP, BFCL)")
      .requiredOption("--out <file>", "dataset JSONL to append to")
      .requiredOption("--count <n>", "conversations in the whole run (all shards)", parsePositiveInt)
      .addOption(
        new Option("--generator <kind>", "who writes the stages")
          .choices(["simulator", "llm"])
          .default("simulator"),
      )
      .option("--seed <n>", "seed of every random choice", parseNonNegativeInt, 1)
      .option(
        "--shard <i/n>",
        "build only shard I of N (deterministic partition; outputs concatenate)",
        parseShard,
      )
      .option("--limit <n>", "attempt at most N conversations in this invocation", parsePositiveInt)
      .option("--concurrency <n>", "conversations built at once", parsePositiveInt, 4)
      .option("--window <n>", "candidate tools offered per conversation", parsePositiveInt, 6)
      .option("--turns <range>", "user turns per conversation, N or MIN-MAX", parseRange, [1, 2])
      .option("--calls <range>", "calls per user turn, N or MIN-MAX", parseRange, [1, 3])
      .option(
        "--kinds <shares>",
        `simulator: shares of turn kinds, e.g. single=0.2,parallel=0.15,chain=0.2 (kinds: ${TURN_KINDS.join(", ")}; unnamed ones keep their default)`,
        parseKindShares,
      )
      .option("--retries <n>", "times a stage is asked again after an invalid answer", parseNonNegativeInt, 2)
      .addOption(
        new Option("--date-rule <rule>", "how dates may be stated in queries")
          .choices(["natural", "iso"])
          .default("natural"),
      )
      .option("--rejects <file>", "rejected conversations (default: OUT with .rejects.jsonl)")
      .option("--base-url <url>", "llm: OpenAI-compatible API base URL, e.g. http://localhost:8000/v1")
      .option("--model <name>", "llm: model name")
      .option("--api-key-env <name>", "llm: environment variable holding the API key", "OPENAI_API_KEY")
      .option("--no-api-key", "llm: the server needs no API key")
      .addOption(
        new Option("--llm-mode <mode>", "llm: JSON output or tool calling for the call stage")
          .choices(["json", "tools"])
          .default("json"),
      )
      .option("--cache <dir>", "llm: response cache folder (default: .ttpa-cache beside OUT)")
      .option("--timeout <ms>", "llm: per-request timeout in ms", parsePositiveInt, 60_000)
      .option(
        "--max-retries <n>",
        "llm: retries on 429/5xx/timeouts/unparseable replies",
        parseNonNegativeInt,
        5,
      )
      .action(async (options) => {
        const tools = await loadToolset(options.toolset);
        const generator =
          options.generator === "llm"
            ? await llmGenerator(options)
            : new SimulatorGenerator(options.kinds ? { kinds: options.kinds } : {});
        let lastTotal = 0;
        let bar: ReturnType<typeof progressDisplay> | undefined;
        const summary = await runConstruct({
          generator,
          tools,
          out: options.out,
          count: options.count,
          seed: options.seed,
          concurrency: options.concurrency,
          window: options.window,
          turns: options.turns,
          callBudget: options.calls,
          stageRetries: options.retries,
          dateRule: options.dateRule,
          ...(options.rejects ? { rejects: options.rejects } : {}),
          ...(options.shard ? { shard: options.shard } : {}),
          ...(options.limit ? { limit: options.limit } : {}),
          onProgress: (progress) => {
            if (!bar || progress.total !== lastTotal) {
              lastTotal = progress.total;
              bar = progressDisplay({ io, label: "construct", total: progress.total });
            }
            const { kept, rejected, failed } = progress;
            bar.update(kept + rejected + failed, { kept, rejected, failed });
          },
        });
        bar?.stop();
        const reasons = Object.entries(summary.reasons)
          .map(([stage, count]) => `${stage} ${count}`)
          .join(", ");
        io.stdout(
          `kept ${summary.kept}, rejected ${summary.rejected}${reasons ? ` (${reasons})` : ""}, failed ${summary.failed}` +
            `${summary.resumed ? `, ${summary.resumed} already done` : ""} in ${(summary.elapsedMs / 1000).toFixed(1)}s → ${options.out}\n`,
        );
        const turns = Object.values(summary.turnKinds).reduce((sum, count) => sum + count, 0);
        if (turns > 0) {
          const shares = TURN_KINDS.filter((kind) => summary.turnKinds[kind])
            .map((kind) => `${kind} ${((100 * summary.turnKinds[kind]!) / turns).toFixed(1)}%`)
            .join(", ");
          io.stdout(`turn kinds (${turns} turns): ${shares}\n`);
        }
        for (const failure of summary.failures.slice(0, 5))
          io.stderr(`failed ${failure.id}: ${failure.reason}\n`);
        if (summary.failed > 0) io.stderr("rerun the same command to retry the failed conversations\n");
      })
      .addHelpText(
        "after",
        `\nExamples:\n  $ ${constructCommand.example}\n` +
          "  $ OPENAI_API_KEY=... ttpa construct --generator llm --base-url http://localhost:8000/v1 --model qwen2.5-7b \\\n" +
          "      --toolset tools.json --count 500 --out data.jsonl --shard 0/4\n",
      );
  },
};

/** `single=0.2,chain=0.3` → shares by kind; a kind ttpa does not know is an error naming it. */
function parseKindShares(text: string): Partial<Record<TurnKind, number>> {
  const shares: Partial<Record<TurnKind, number>> = {};
  for (const part of text.split(",")) {
    const [kind = "", value = ""] = part.split("=").map((piece) => piece.trim());
    if (!(TURN_KINDS as readonly string[]).includes(kind))
      throw new InvalidArgumentError(`unknown turn kind '${kind}' (kinds: ${TURN_KINDS.join(", ")})`);
    const share = Number(value);
    if (value === "" || !Number.isFinite(share) || share < 0)
      throw new InvalidArgumentError(`share of '${kind}' must be a number >= 0, got '${value}'`);
    shares[kind as TurnKind] = share;
  }
  return shares;
}

async function llmGenerator(options: Record<string, unknown>): Promise<LlmGenerator> {
  if (typeof options.baseUrl !== "string" || typeof options.model !== "string") {
    throw new InputError("--generator llm needs --base-url and --model");
  }
  let apiKey = "";
  if (options.apiKey !== false) {
    const variable = String(options.apiKeyEnv);
    apiKey = process.env[variable] ?? "";
    if (apiKey === "") {
      throw new InputError(
        `the API key variable ${variable} is not set: export it, name another with --api-key-env, or pass --no-api-key`,
      );
    }
  }
  const cacheDir =
    typeof options.cache === "string"
      ? options.cache
      : path.join(path.dirname(String(options.out)), ".ttpa-cache");
  const client = new ChatClient({
    baseUrl: options.baseUrl,
    apiKey,
    cacheDir,
    timeoutMs: Number(options.timeout),
    maxRetries: Number(options.maxRetries),
  });
  await client.preflight();
  return new LlmGenerator({
    client,
    model: options.model,
    mode: options.llmMode === "tools" ? "tools" : "json",
  });
}
