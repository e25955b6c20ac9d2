import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { type Command, Option } from "commander";
import { InputError } from "../../errors/input-error.js";
import { isJsonObject } from "../../json/index.js";
import {
  ChatRenderer,
  exportPairs,
  PAIR_EXPORT_FORMATS,
  type PairExportFormat,
  readPairs,
} from "../../pairs/index.js";
import type { CliIo } from "../cli-io.js";
import { parsePositiveNumber } from "../option-parsers.js";

export const EXPORT_PAIRS_EXAMPLE = "ttpa export pairs --format trl --in pairs.jsonl --out exports/trl";

/**
 * Adds `pairs` to the `ttpa export` command: `exportCommand.create` calls this on the command it
 * builds (`ttpa export gguf` lives there too).
 */
export function addExportPairsCommand(exportCommand: Command, io: CliIo): Command {
  return exportCommand
    .command("pairs")
    .summary("write preference pairs in the layout TRL, LLaMA-Factory or OpenRLHF reads")
    .description(
      "Reads a pair file from ttpa sample and writes it for a training framework.\n" +
        "trl: NAME.jsonl, conversational preference rows (prompt, chosen and " +
        "rejected message lists) with a tools column, for TRL's DPOTrainer.\n" +
        "llamafactory: NAME.json in the ShareGPT ranking layout and its entry in " +
        "OUT/dataset_info.json; train with dataset: NAME, dataset_dir: OUT.\n" +
        "openrlhf: NAME.jsonl, prompt/chosen/rejected text rendered with the chat " +
        "template and a margin (the score gap); train with --prompt_key prompt " +
        "--chosen_key chosen --rejected_key rejected and without " +
        "--apply_chat_template, which would render the prompts without tools.",
    )
    .addOption(
      new Option("--format <format>", "target layout")
        .choices([...PAIR_EXPORT_FORMATS])
        .makeOptionMandatory(),
    )
    .requiredOption("--in <file>", "pair JSONL from ttpa sample")
    .requiredOption("--out <dir>", "folder to write into")
    .option("--name <name>", "file stem and LLaMA-Factory dataset name", "ttpa_pairs")
    .option(
      "--chat-template <file>",
      "openrlhf: tokenizer_config.json (chat_template, bos_token, eos_token) or a Jinja file (default: ttpa's tool template)",
    )
    .option(
      "--margin-scale <x>",
      "openrlhf: margin = x × (chosen score − rejected score)",
      parsePositiveNumber,
      1,
    )
    .option(
      "--tools-as-string",
      "trl: write tools as a JSON string (for datasets versions that align nested columns)",
    )
    .action(async (options) => {
      const pairs = await readPairs(options.in);
      const result = await exportPairs({
        pairs,
        format: options.format as PairExportFormat,
        outDir: options.out,
        name: options.name,
        marginScale: options.marginScale,
        toolsAsJsonString: options.toolsAsString === true,
        ...(options.chatTemplate ? { renderer: await rendererFrom(options.chatTemplate) } : {}),
      });
      io.stdout(`wrote ${result.written} pairs (${options.format}) → ${result.files.join(", ")}\n`);
      if (result.skipped.length > 0) {
        io.stderr(`skipped ${result.skipped.length} pairs the format cannot hold:\n`);
        for (const skip of result.skipped.slice(0, 5)) io.stderr(`  ${skip.id}: ${skip.reason}\n`);
      }
    })
    .addHelpText("after", `\nExample:\n  $ ${EXPORT_PAIRS_EXAMPLE}\n`);
}

/** A renderer from a tokenizer_config.json (template and its BOS/EOS text) or a bare Jinja template file. */
async function rendererFrom(file: string): Promise<ChatRenderer> {
  if (!existsSync(file)) throw new InputError("file not found", { file });
  const text = await readFile(file, "utf8");
  if (!file.endsWith(".json")) return new ChatRenderer({ chatTemplate: text });
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new InputError(`not valid JSON (${(error as Error).message})`, { file });
  }
  if (!isJsonObject(config) || typeof config.chat_template !== "string")
    throw new InputError("has no chat_template string", { file, field: "chat_template" });
  const token = (value: unknown) =>
    typeof value === "string"
      ? value
      : isJsonObject(value) && typeof value.content === "string"
        ? value.content
        : undefined;
  const bosToken = token(config.bos_token);
  const eosToken = token(config.eos_token);
  return new ChatRenderer({
    chatTemplate: config.chat_template,
    ...(bosToken === undefined ? {} : { bosToken }),
    ...(eosToken === undefined ? {} : { eosToken }),
  });
}
