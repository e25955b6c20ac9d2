import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { InputError } from "../errors/input-error.js";
import { describeAjvError, schemaValidator } from "../tools/schema-validator.js";

/** A preset of the trainer's own Llama, trained from scratch with a BPE tokenizer learned from the data. */
export interface ScratchModelConfig {
  type: "scratch";
  /** Trainer preset. */
  preset: "tiny" | "small";
  /** BPE tokenizer size. */
  vocabSize: number;
  /** Tokens per conversation. */
  maxLength: number;
}

/**
 * A pretrained model from a GGUF: imported to a Hugging Face checkpoint (dequantized), given ttpa's
 * tool format in its own turns when its template has none, trained through transformers, and
 * exported back to GGUF (f16) for llama.cpp. Its untrained self is the run's `base` arm.
 */
export interface PretrainedModelConfig {
  type: "pretrained";
  /** `gemma3-270m` (Gemma 3 270M from its PyPI package, installed by scripts/setup.sh) or a GGUF file. */
  gguf: string;
  /** Tokens per conversation; longer ones are cut (training) or left out (sampling, prediction). */
  maxLength: number;
  /** LoRA rank for SFT and DPO; 0 trains every weight. */
  loraRank: number;
  /** LoRA alpha: the update is scaled by alpha / rank. */
  loraAlpha: number;
}

export type RunModelConfig = ScratchModelConfig | PretrainedModelConfig;

/** What a `model: {type: pretrained}` section starts from. */
export const PRETRAINED_MODEL_DEFAULTS: PretrainedModelConfig = {
  type: "pretrained",
  gguf: "gemma3-270m",
  maxLength: 1024,
  loraRank: 16,
  loraAlpha: 32,
};

/** Everything a run does, with a comment per knob. Stages read only their own section. */
export interface RunConfig {
  /** Seed of every random choice of every stage. */
  seed: number;
  /** Toolset file or folder. Relative paths are relative to the config file. */
  toolset: string;
  construct: {
    /** Conversations built by the offline simulator. */
    count: number;
    /** Candidate tools per conversation. */
    window: number;
    /** Calls per user turn, [min, max]. */
    calls: [number, number];
  };
  split: {
    /** Share of seen-tool conversations held out for the seen-tools test set. */
    test: number;
    /** Tools held out of training entirely, for the unseen-tools test set. */
    holdOutTools: number;
  };
  model: RunModelConfig;
  sft: { steps: number; batchSize: number; lr: number };
  sample: {
    /** Training turns sampled for preference pairs (the same turns for both samplers). */
    turns: number;
    /** Take those turns out of SFT's training set (true) or sample on SFT's own training turns (false). */
    heldOut: boolean;
    /** Pairs per turn at most. */
    pairsPerTurn: number;
    /** Baseline sampler: full samples per turn and their temperature. */
    baselineSamples: number;
    temperature: number;
  };
  /** The same steps, batch and rate for both preference arms, so they compare at equal compute. */
  dpo: {
    steps: number;
    batchSize: number;
    lr: number;
    beta: number;
    /**
     * Weight of an SFT term on the chosen completion. Without it the tiny demo models lose
     * likelihood on chosen and rejected alike and get worse (measured: 43% → 30% exact).
     */
    sftWeight: number;
  };
  eval: {
    /** Targets per test set at most (the first ones), to bound prediction time. */
    maxTargets: number;
  };
}

const DEFAULT_TOOLSET = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../examples/demo/tools.json",
);

/**
 * The demo: 14 short tools, the simulator, a model trained from scratch, the three arms, in about
 * 10 minutes on 2 CPU cores. Budgets measured, see the README's results: from-scratch models learn
 * to copy argument values only after a few hundred steps, so the SFT stage gets most of the time.
 */
export const DEMO_CONFIG: RunConfig = {
  seed: 1,
  toolset: DEFAULT_TOOLSET,
  construct: { count: 4000, window: 3, calls: [1, 1] },
  split: { test: 0.1, holdOutTools: 2 },
  model: { type: "scratch", preset: "tiny", vocabSize: 1024, maxLength: 512 },
  sft: { steps: 800, batchSize: 16, lr: 1e-2 },
  sample: { turns: 800, heldOut: true, pairsPerTurn: 2, baselineSamples: 4, temperature: 1 },
  dpo: { steps: 100, batchSize: 16, lr: 2e-4, beta: 0.5, sftWeight: 0.5 },
  // 300 targets per test set: with 100 the standard error of an accuracy near 50% is 5 points.
  eval: { maxTargets: 300 },
};

/** The demo made small enough for CI (at most 3 minutes): fewer conversations, steps and targets. */
export const QUICK_CONFIG: RunConfig = {
  ...DEMO_CONFIG,
  construct: { count: 2000, window: 3, calls: [1, 1] },
  sft: { steps: 350, batchSize: 16, lr: 1e-2 },
  sample: { turns: 60, heldOut: true, pairsPerTurn: 2, baselineSamples: 3, temperature: 1 },
  dpo: { steps: 10, batchSize: 8, lr: 2e-4, beta: 0.5, sftWeight: 0.5 },
  eval: { maxTargets: 30 },
};

const RANGE = { type: "array", items: { type: "integer", minimum: 1 }, minItems: 2, maxItems: 2 };
const positive = { type: "number", exclusiveMinimum: 0 };
const count = { type: "integer", minimum: 1 };
const section = (properties: Record<string, unknown>) => ({
  type: "object",
  additionalProperties: false,
  properties,
});

const RUN_CONFIG_SCHEMA = {
  ...section({
    seed: { type: "integer", minimum: 0 },
    toolset: { type: "string", minLength: 1 },
    construct: section({ count, window: count, calls: RANGE }),
    split: section({
      test: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
      holdOutTools: { type: "integer", minimum: 0 },
    }),
    model: section({
      type: { enum: ["scratch", "pretrained"] },
      preset: { enum: ["tiny", "small"] },
      vocabSize: { type: "integer", minimum: 300 },
      gguf: { type: "string", minLength: 1 },
      maxLength: count,
      loraRank: { type: "integer", minimum: 0 },
      loraAlpha: positive,
    }),
    sft: section({ steps: count, batchSize: count, lr: positive }),
    sample: section({
      turns: count,
      heldOut: { type: "boolean" },
      pairsPerTurn: count,
      baselineSamples: count,
      temperature: positive,
    }),
    dpo: section({
      steps: count,
      batchSize: count,
      lr: positive,
      beta: positive,
      sftWeight: { type: "number", minimum: 0 },
    }),
    eval: section({ maxTargets: count }),
  }),
};

/** The model section a given one is merged into: the demo's, or the defaults of another model type. */
function modelBase(given: Partial<RunModelConfig>): RunModelConfig {
  const type = given.type ?? DEMO_CONFIG.model.type;
  if (type === DEMO_CONFIG.model.type) return DEMO_CONFIG.model;
  return type === "pretrained" ? PRETRAINED_MODEL_DEFAULTS : QUICK_CONFIG.model;
}

/**
 * Reads a run config (YAML or JSON): every field is optional and falls back to the demo's; unknown
 * fields and wrong types are errors naming the field.
 */
export async function readRunConfig(file: string): Promise<RunConfig> {
  const text = await readFile(file, "utf8").catch(() => {
    throw new InputError("file not found", { file });
  });
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new InputError(`not valid YAML or JSON (${(error as Error).message.split("\n")[0]})`, { file });
  }
  const config = resolveRunConfig(raw ?? {}, { file });
  if (config.toolset !== DEFAULT_TOOLSET) config.toolset = path.resolve(path.dirname(file), config.toolset);
  if (config.model.type === "pretrained" && config.model.gguf !== PRETRAINED_MODEL_DEFAULTS.gguf) {
    config.model.gguf = path.resolve(path.dirname(file), config.model.gguf);
  }
  return config;
}

/** The demo config with `overrides` merged section by section, validated. */
export function resolveRunConfig(overrides: unknown, where: { file?: string } = {}): RunConfig {
  const validate = schemaValidator().compile(RUN_CONFIG_SCHEMA);
  if (!validate(overrides)) {
    throw new InputError(`invalid run config (${describeAjvError(validate.errors?.[0])})`, where);
  }
  const given = overrides as Partial<Record<keyof RunConfig, unknown>>;
  const merged: Record<string, unknown> = { ...DEMO_CONFIG };
  for (const [key, value] of Object.entries(given)) {
    const base =
      key === "model" ? modelBase(value as Partial<RunModelConfig>) : DEMO_CONFIG[key as keyof RunConfig];
    merged[key] =
      typeof base === "object" && !Array.isArray(base) ? { ...base, ...(value as object) } : value;
  }
  const config = merged as unknown as RunConfig;
  const foreign = Object.keys(config.model).find((field) => !(field in modelBase(config.model)));
  if (foreign !== undefined) {
    throw new InputError(
      `invalid run config (model.${foreign} is not a setting of model.type ${config.model.type})`,
      where,
    );
  }
  return config;
}
