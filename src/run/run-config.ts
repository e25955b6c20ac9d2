import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { InputError } from "../errors/input-error.js";
import { describeAjvError, schemaValidator } from "../tools/schema-validator.js";

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
  model: {
    /** Trainer preset trained from scratch. */
    preset: "tiny" | "small";
    /** BPE tokenizer size. */
    vocabSize: number;
    /** Tokens per conversation. */
    maxLength: number;
  };
  sft: { steps: number; batchSize: number; lr: number };
  sample: {
    /** Training turns sampled for preference pairs (the same turns for both samplers). */
    turns: number;
    /** Pairs per turn at most. */
    pairsPerTurn: number;
    /** Baseline sampler: full samples per turn and their temperature. */
    baselineSamples: number;
    temperature: number;
  };
  /** The same steps, batch and rate for both preference arms, so they compare at equal compute. */
  dpo: { steps: number; batchSize: number; lr: number; beta: number };
  eval: {
    /** Targets per test set at most (the first ones), to bound prediction time. */
    maxTargets: number;
  };
}

const DEFAULT_TOOLSET = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../examples/toolsets");

/** The demo: the example toolsets, the simulator, the `small` preset, the three arms. */
export const DEMO_CONFIG: RunConfig = {
  seed: 1,
  toolset: DEFAULT_TOOLSET,
  construct: { count: 1500, window: 2, calls: [1, 1] },
  split: { test: 0.1, holdOutTools: 6 },
  model: { preset: "small", vocabSize: 2048, maxLength: 768 },
  sft: { steps: 300, batchSize: 16, lr: 2e-3 },
  sample: { turns: 300, pairsPerTurn: 2, baselineSamples: 4, temperature: 1 },
  dpo: { steps: 60, batchSize: 16, lr: 1e-4, beta: 0.1 },
  eval: { maxTargets: 100 },
};

/** The demo made small enough for CI: the `tiny` preset, fewer conversations, steps and targets. */
export const QUICK_CONFIG: RunConfig = {
  ...DEMO_CONFIG,
  construct: { count: 400, window: 2, calls: [1, 1] },
  split: { test: 0.1, holdOutTools: 6 },
  model: { preset: "tiny", vocabSize: 1024, maxLength: 768 },
  sft: { steps: 120, batchSize: 16, lr: 3e-3 },
  sample: { turns: 80, pairsPerTurn: 2, baselineSamples: 3, temperature: 1 },
  dpo: { steps: 20, batchSize: 8, lr: 5e-4, beta: 0.1 },
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
      preset: { enum: ["tiny", "small"] },
      vocabSize: { type: "integer", minimum: 300 },
      maxLength: count,
    }),
    sft: section({ steps: count, batchSize: count, lr: positive }),
    sample: section({ turns: count, pairsPerTurn: count, baselineSamples: count, temperature: positive }),
    dpo: section({ steps: count, batchSize: count, lr: positive, beta: positive }),
    eval: section({ maxTargets: count }),
  }),
};

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
    const base = DEMO_CONFIG[key as keyof RunConfig];
    merged[key] =
      typeof base === "object" && !Array.isArray(base) ? { ...base, ...(value as object) } : value;
  }
  return merged as unknown as RunConfig;
}
