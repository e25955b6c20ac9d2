import { readFileSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LlamaCppLanguageModel } from "../backends/index.js";
import { BFCL_IMPORT_CATEGORIES, findBfclPackage, importBfcl } from "../bfcl/index.js";
import { runConstruct, SimulatorGenerator } from "../construct/index.js";
import { type DatasetRecord, evalTargets, readDataset, splitDataset } from "../dataset/index.js";
import { type EvalSummary, evaluate } from "../eval/index.js";
import { readJsonl } from "../json/read-jsonl.js";
import { writeFileAtomic } from "../json/write-file-atomic.js";
import { writeJsonlAtomic } from "../json/write-jsonl-atomic.js";
import { type PreferencePair, readPairs } from "../pairs/index.js";
import { ANSWER_BUDGET_DEFAULTS, answerBudget, runPredict } from "../predict/index.js";
import { SeededRandom } from "../random/index.js";
import { type SamplingProgress, sampleBaseline, sampleTokenLevel } from "../tps/index.js";
import { type TrainDpoOptions, type TrainerEvent, trainDpo, trainSft } from "../training/index.js";
import type { Arm } from "./arm.js";
import { planDpo } from "./dpo-plan.js";
import { type FailureCounts, failureNote } from "./failure-note.js";
import type { RunConfig } from "./run-config.js";
import { changedDigests, ManifestStore, missingOutputs, outputDigests, stageKey } from "./run-manifest.js";
import { importPretrained, runModel } from "./run-model.js";
import type { RunResults } from "./run-results.js";
import { runToolset } from "./run-toolset.js";
import { readTestRecords, type TestSet, testSetLabel, testSetPaths } from "./test-set.js";

export interface RunPipelineOptions {
  config: RunConfig;
  /** The run folder: manifest.json, each stage's outputs, results.json. */
  dir: string;
  /** Told when a stage starts, is skipped (its inputs are unchanged) or ends. */
  onStage?: (stage: string, event: "start" | "skip" | "done", seconds?: number) => void;
  /**
   * Told, in one line, when a stage departs from the config (a DPO batch smaller than dpo.batchSize)
   * or leaves turns or targets out (a prompt the context cannot hold).
   */
  onNote?: (stage: string, note: string) => void;
  /** Told how far a long stage has got (training steps, sampled turns, predicted targets). */
  onProgress?: (stage: string, progress: StageProgress) => void;
}

/** `done` of `total` `unit`s of a stage, with counts worth showing beside them. */
export interface StageProgress {
  /** What is counted: "steps", "turns", "BFCL multiple targets". Changes within a stage (eval's test sets). */
  readonly unit: string;
  readonly done: number;
  readonly total: number;
  /** Of `done`, those done before this run (a resumed stage). */
  readonly skipped: number;
  readonly counts: Readonly<Record<string, number | string>>;
}

/**
 * construct → split → (BFCL import) → SFT → TPS and baseline sampling → DPO per arm → predict and
 * eval per arm on every test set, in one run folder. A stage whose key (its config and its inputs'
 * keys) is unchanged is skipped; a stage that was running when the run was killed continues from
 * its own resumable outputs.
 */
export async function runPipeline(options: RunPipelineOptions): Promise<RunResults> {
  const { config, dir } = options;
  await mkdir(dir, { recursive: true });
  const store = new ManifestStore(path.join(dir, "manifest.json"), config, versions());
  await store.save();
  const at = (...parts: string[]) => path.join(dir, ...parts);

  /**
   * Runs a stage unless it is done with the same key and its `outputs` (paths in the run folder)
   * are all there. A done stage whose outputs were deleted (a model's weights, to save disk) is made
   * again; if its files then differ from the digests recorded, the stages after it are made again too.
   */
  const stage = async (name: string, key: string, spec: StageSpec, run: () => Promise<void>) => {
    const { itemKey, final = false } = spec;
    const outputs = spec.outputs.map((output) => path.join(name, output));
    const missing = missingOutputs(dir, outputs);
    if (store.isDone(name, key)) {
      if (missing.length === 0) {
        await store.recordItemKey(name, itemKey);
        if (!final && store.manifest.stages[name]?.digests === undefined)
          await store.recordDigests(name, await outputDigests(dir, outputs));
        options.onStage?.(name, "skip");
        return;
      }
      options.onNote?.(
        name,
        `done before, but ${missing.length > 3 ? `${missing.slice(0, 2).join(", ")} and ${missing.length - 2} more` : missing.join(", ")} ${missing.length > 1 ? "are" : "is"} missing: made again`,
      );
    }
    const previous = store.manifest.stages[name];
    // A stage killed mid-way resumes from its outputs; one whose inputs changed starts clean, unless
    // only its item count changed (itemKey: more eval targets keep the predictions made).
    if (previous && previous.key !== key && !store.keepsItems(name, itemKey))
      await rm(at(name), { recursive: true, force: true });
    await mkdir(at(name), { recursive: true });
    const started = Date.now();
    options.onStage?.(name, "start");
    await store.start(name, key, itemKey);
    try {
      await run();
    } catch (error) {
      await store.finish(name, started, error);
      throw error;
    }
    const digests = final ? {} : await outputDigests(dir, outputs);
    await store.finish(name, started, undefined, digests);
    const changed = previous?.key === key ? changedDigests(previous.digests, digests) : [];
    if (changed.length > 0) {
      const later = await store.forgetAfter(name);
      for (const laterStage of later) await rm(at(laterStage), { recursive: true, force: true });
      options.onNote?.(
        name,
        `made again, ${changed.join(", ")} differs from the one the stages after it used: ${later.length > 0 ? `${later.join(", ")} will be made again` : "none had run"}`,
      );
    }
    options.onStage?.(name, "done", (Date.now() - started) / 1000);
  };

  // Turns or targets a stage could not run (a prompt longer than model.maxLength, say) are left out,
  // not hidden: one note per stage.
  const noteFailures = (name: string, counts: FailureCounts, things: string, outcome: string) => {
    const note = failureNote(counts, things, outcome);
    if (note !== undefined) options.onNote?.(name, note);
  };
  const progress = (name: string, value: StageProgress) => options.onProgress?.(name, value);
  // The trainer announces its step count and, resuming, the checkpoint's step when it starts.
  const trainerProgress = (name: string) => {
    let total = 0;
    let skipped = 0;
    return (event: TrainerEvent) => {
      if (event.event === "start" && typeof event.steps === "number") {
        total = event.steps;
        skipped = Number(event.start_step ?? 0);
        // Before the first step, so that a display's rate counts from the start.
        progress(name, { unit: "steps", done: skipped, total, skipped, counts: {} });
      } else if (event.event === "step" && total > 0) {
        const counts = { loss: Number(event.loss).toFixed(3) };
        progress(name, { unit: "steps", done: Number(event.step), total, skipped, counts });
      }
    };
  };
  // A resumed sampler counts only the turns still to sample.
  const samplingProgress =
    (name: string) =>
    ({ total, done, failed, pairs }: SamplingProgress) =>
      progress(name, { unit: "turns", done: done + failed, total, skipped: 0, counts: { pairs, failed } });

  const tools = await runToolset(config.toolset, config.seed);
  const constructKey = stageKey("construct", config.seed, config.construct, tools);
  await stage("construct", constructKey, { outputs: ["tools.json", "data.jsonl"] }, async () => {
    await writeFileAtomic(at("construct", "tools.json"), `${JSON.stringify(tools, null, 2)}\n`);
    await runConstruct({
      generator: new SimulatorGenerator(),
      tools,
      out: at("construct", "data.jsonl"),
      count: config.construct.count,
      seed: config.seed,
      window: config.construct.window,
      turns: [1, 1],
      callBudget: config.construct.calls,
    });
  });

  const splitKey = stageKey("split", constructKey, config.split, config.seed);
  await stage(
    "split",
    splitKey,
    { outputs: ["train.jsonl", "test.jsonl", "test-unseen.jsonl"] },
    async () => {
      const split = splitDataset({
        records: await readDataset(at("construct", "data.jsonl")),
        testShare: config.split.test,
        holdOutTools: config.split.holdOutTools,
        seed: config.seed,
      });
      for (const [name, records] of [
        ["train", split.train],
        ["test", split.test],
        ["test-unseen", split.testUnseen],
      ] as const) {
        await writeJsonlAtomic(at("split", `${name}.jsonl`), records);
      }
    },
  );
  // BFCL's entries are test sets only: imported here so that a missing package fails before training.
  const { bfcl } = config.eval;
  let bfclKey: string | undefined;
  if (bfcl.categories.length > 0) {
    const { dataDir } = await findBfclPackage();
    bfclKey = stageKey("bfcl", bfcl, config.seed, dataDir);
    await stage(
      "bfcl",
      bfclKey,
      { outputs: bfcl.categories.map((category) => `${category}.jsonl`) },
      async () => {
        const imported = await importBfcl({ dir: dataDir, categories: bfcl.categories });
        if (imported.problems.length > 0) {
          options.onNote?.(
            "bfcl",
            `${imported.problems.length} BFCL entries could not be read and are left out (first: ${imported.problems[0]?.message})`,
          );
        }
        for (const category of bfcl.categories) {
          const records = imported.records.filter((record) => record.meta.category === category);
          // A seeded sample kept in BFCL's order (a category's first entries are often alike), drawn
          // per category so that adding a category leaves the others' samples as they were.
          const random = SeededRandom.forItem(config.seed, BFCL_IMPORT_CATEGORIES.indexOf(category));
          const chosen = new Set(random.sample(records, bfcl.maxTargets));
          await writeJsonlAtomic(
            at(testSetPaths(`bfcl:${category}`).records),
            records.filter((record) => chosen.has(record)),
          );
        }
      },
    );
  }
  const testSets: TestSet[] = ["seen", "unseen", ...bfcl.categories.map((c): TestSet => `bfcl:${c}`)];

  const seenTrain = await readDataset(at("split", "train.jsonl"));
  // Preference turns set aside from SFT: on conversations it trained on, the model makes fewer and
  // different errors than on new ones, and the pairs should show the errors it makes at test time.
  const prefCount = config.sample.heldOut
    ? Math.min(config.sample.turns, Math.floor(seenTrain.length / 2))
    : 0;
  const train = seenTrain.slice(prefCount);
  const sampled = config.sample.heldOut ? seenTrain.slice(0, prefCount) : train.slice(0, config.sample.turns);

  // A pretrained model starts as its GGUF imported to a checkpoint (and that checkpoint as the base arm's GGUF).
  const modelPlan = runModel(config.model, at("model", "checkpoint"));
  const pretrained = config.model.type === "pretrained" ? config.model : undefined;
  // The import depends on the GGUF alone: LoRA and length settings change SFT's key, not this one.
  const modelKey = stageKey("model", pretrained?.gguf);
  if (pretrained) {
    await stage("model", modelKey, { outputs: ["checkpoint", "model.gguf"] }, () =>
      importPretrained(pretrained, at("model", "checkpoint"), at("model", "model.gguf")),
    );
  }

  const sftKey = stageKey(
    "sft",
    splitKey,
    config.model,
    config.sft,
    config.seed,
    prefCount,
    ...(pretrained ? [modelKey] : []),
  );
  await stage("sft", sftKey, { outputs: ["model", "model.gguf"] }, async () => {
    await trainSft({
      records: train,
      model: modelPlan.sftStart,
      out: at("sft", "model"),
      steps: config.sft.steps,
      batchSize: config.sft.batchSize,
      lr: config.sft.lr,
      ...(config.model.type === "scratch" ? { vocabSize: config.model.vocabSize } : {}),
      ...(modelPlan.lora ? { lora: modelPlan.lora.sft } : {}),
      maxLength: config.model.maxLength,
      lossOn: "tool_calls",
      seed: config.seed,
      checkpointEvery: checkpointEvery(config.sft.steps),
      resume: true,
      onEvent: trainerProgress("sft"),
    });
    await modelPlan.exportGguf(at("sft", "model"), at("sft", "model.gguf"));
  });

  const llamaOne = { sequences: 1, threads: config.threads };
  // Both samplers take the reference as chosen below the same score.
  const chosenRule = config.sample.threshold === undefined ? {} : { threshold: config.sample.threshold };
  const tpsKey = stageKey("sample-tps", sftKey, config.sample);
  await stage("sample-tps", tpsKey, { outputs: ["pairs.jsonl"] }, () =>
    withModel(
      at("sft", "model.gguf"),
      async (model) => {
        const { summary } = await sampleTokenLevel({
          model,
          records: sampled,
          out: at("sample-tps", "pairs.jsonl"),
          onProgress: samplingProgress("sample-tps"),
          options: {
            pairsPerTurn: config.sample.pairsPerTurn,
            seed: config.seed,
            ...chosenRule,
          },
        });
        noteFailures("sample-tps", summary, "turns", "gave no pair");
      },
      llamaOne,
    ),
  );
  const tpsPairs = await readPairs(at("sample-tps", "pairs.jsonl"));
  planDpo({ tps: tpsPairs.length }, config); // too few TPS pairs: fail now, not after baseline sampling
  const baselineKey = stageKey("sample-baseline", sftKey, config.sample);
  await stage("sample-baseline", baselineKey, { outputs: ["pairs.jsonl"] }, () =>
    withModel(
      at("sft", "model.gguf"),
      async (model) => {
        const { summary } = await sampleBaseline({
          model,
          records: sampled,
          out: at("sample-baseline", "pairs.jsonl"),
          onProgress: samplingProgress("sample-baseline"),
          options: {
            samples: config.sample.baselineSamples,
            temperature: config.sample.temperature,
            pairsPerTurn: config.sample.pairsPerTurn,
            seed: config.seed,
            ...chosenRule,
          },
        });
        noteFailures("sample-baseline", summary, "turns", "gave no pair");
      },
      llamaOne,
    ),
  );
  const baselinePairs = await readPairs(at("sample-baseline", "pairs.jsonl"));
  // Equal compute per preference arm: the same number of pairs and the same optimizer settings.
  const plan = planDpo({ tps: tpsPairs.length, baseline: baselinePairs.length }, config);
  const pairCount = plan.pairs;

  const dpoArm = async (
    name: string,
    key: string,
    pairs: PreferencePair[],
    objective: Pick<TrainDpoOptions, "loss" | "pairWeighting" | "rejectedScope">,
  ) =>
    stage(name, key, { outputs: ["model.gguf"] }, async () => {
      if (plan.note !== undefined) options.onNote?.(name, plan.note);
      await trainDpo({
        pairs: pairs.slice(0, pairCount),
        model: at("sft", "model"),
        out: at(name, "model"),
        ...objective,
        marginScale: config.dpo.marginScale,
        beta: config.dpo.beta,
        sftWeight: config.dpo.sftWeight,
        steps: config.dpo.steps,
        batchSize: plan.batchSize,
        lr: config.dpo.lr,
        maxLength: config.model.maxLength,
        ...(modelPlan.lora ? { lora: modelPlan.lora.dpo } : {}),
        seed: config.seed,
        checkpointEvery: checkpointEvery(config.dpo.steps),
        resume: true,
        onEvent: trainerProgress(name),
      });
      await modelPlan.exportGguf(at(name, "model"), at(name, "model.gguf"));
    });
  // The baseline arm's key leaves out the knobs only TTPA reads, so changing them retrains TTPA alone.
  const { ttpaLoss, marginScale, ttpaPairWeighting, ttpaRejectedScope, ...shared } = config.dpo;
  const dpoBaselineKey = stageKey("dpo-baseline", baselineKey, tpsKey, shared, modelPlan.lora?.dpo);
  const dpoTpsKey = stageKey("dpo-ttpa", baselineKey, tpsKey, config.dpo, modelPlan.lora?.dpo);
  await dpoArm("dpo-baseline", dpoBaselineKey, baselinePairs, { loss: "sigmoid" });
  await dpoArm("dpo-ttpa", dpoTpsKey, tpsPairs, {
    loss: ttpaLoss,
    pairWeighting: ttpaPairWeighting,
    rejectedScope: ttpaRejectedScope,
  });

  // The arms this pipeline trains, each with its model and that model's stage key (`base`, the
  // untrained model, is left to the pretrained-model path).
  const models: Array<[Arm, string, string]> = [
    // The pretrained model as it is, prompted with the same tool format: what training adds is measured against it.
    ...(pretrained ? [["base", at("model", "model.gguf"), modelKey] as [Arm, string, string]] : []),
    ["sft", at("sft", "model.gguf"), sftKey],
    ["baseline_dpo", at("dpo-baseline", "model.gguf"), dpoBaselineKey],
    ["ttpa", at("dpo-ttpa", "model.gguf"), dpoTpsKey],
  ];
  // Each target's cap leaves room for its longest accepted answer (answerBudget): a fixed 128 tokens
  // made most BFCL parallel entries unanswerable. In the key, so runs predicted under the old cap rerun.
  // A prediction depends on the model, its target and the cap, not on how many targets there are: a
  // larger eval.maxTargets keeps the predictions made and adds the new targets'.
  const predictionKey = { answerBudget: ANSWER_BUDGET_DEFAULTS };
  const evalKey = { maxTargets: config.eval.maxTargets, ...predictionKey };
  const arms: RunResults["arms"] = {};
  for (const [arm, modelPath, key] of [...models].sort(
    ([a], [b]) => EVALUATION_ORDER.indexOf(a) - EVALUATION_ORDER.indexOf(b),
  )) {
    const name = `eval-${arm}`;
    const evaluateArm = () =>
      withModel(
        modelPath,
        async (model) => {
          for (const set of testSets) {
            const records = await readTestRecords(dir, set, config.eval.maxTargets);
            const out = at(testSetPaths(set).predictions(arm));
            const unit = `${testSetLabel(set)} targets`;
            const summary = await runPredict({
              model,
              records,
              out,
              maxTokens: answerBudget(model),
              concurrency: PREDICT_SEQUENCES,
              onProgress: ({ total, skipped, written, failed }) =>
                progress(name, {
                  unit,
                  done: skipped + written + failed,
                  total,
                  skipped,
                  counts: { failed },
                }),
            });
            noteFailures(name, summary, unit, "got no prediction and count as wrong");
            await writeFileAtomic(
              at(testSetPaths(set).evaluation(arm)),
              `${JSON.stringify(await score(records, out), null, 2)}\n`,
            );
          }
        },
        { sequences: PREDICT_SEQUENCES, threads: config.threads },
      );
    const bfcl = bfclKey ? [bfclKey] : [];
    await stage(
      name,
      stageKey(name, key, splitKey, evalKey, ...bfcl),
      {
        itemKey: stageKey(name, key, splitKey, predictionKey, ...bfcl),
        outputs: testSets.map((set) => path.basename(testSetPaths(set).evaluation(arm))),
        final: true,
      },
      evaluateArm,
    );
    const summaries: Partial<Record<TestSet, EvalSummary>> = {};
    for (const set of testSets) {
      summaries[set] = JSON.parse(await readFile(at(testSetPaths(set).evaluation(arm)), "utf8"));
    }
    arms[arm] = summaries;
  }
  const results: RunResults = { pairs: pairCount, armOrder: models.map(([arm]) => arm), testSets, arms };
  await writeFileAtomic(at("results.json"), `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

/**
 * The order arms are evaluated in: the ones the method is judged by first, the base model last. On
 * a run over every BFCL entry an arm's evaluation takes hours and the base model's is the longest
 * (it writes to every cap), so the comparison is there first. Tables keep the arms' own order.
 */
const EVALUATION_ORDER: readonly Arm[] = ["sft", "ttpa", "baseline_dpo", "base"];

/** A killed training stage resumes from its last checkpoint: it loses at most a quarter of its steps. */
const checkpointEvery = (steps: number) => Math.max(1, Math.ceil(steps / 4));

/** What a stage makes, for `stage` in runPipeline. */
interface StageSpec {
  /** Paths in the stage's folder that must be there for the stage to count as done. */
  outputs: string[];
  /** What each item of the outputs depends on (ManifestStore.keepsItems). */
  itemKey?: string;
  /** No later stage reads the outputs (an evaluation): they get no digests. */
  final?: boolean;
}

/**
 * Targets predicted at once, in one llama.cpp batch: on 2 CPU cores Gemma 3 270M predicted a BFCL
 * sample 1.3x faster with 4 than with 1 (README: the demo's stage times).
 */
const PREDICT_SEQUENCES = 4;

async function score(records: DatasetRecord[], predictions: string): Promise<EvalSummary> {
  const { entries, problems } = await readJsonl(predictions, { onBadLine: "collect" });
  return evaluate({ targets: records.flatMap(evalTargets), predictions: entries, problems }).overall;
}

/** `sequences` decode together (prediction's targets in flight at once, runPredict's concurrency). */
async function withModel(
  modelPath: string,
  use: (model: LlamaCppLanguageModel) => Promise<void>,
  options: { sequences: number; threads: number | undefined },
): Promise<void> {
  const model = await LlamaCppLanguageModel.load({
    modelPath,
    sequences: options.sequences,
    ...(options.threads === undefined ? {} : { threads: options.threads }),
  });
  try {
    await use(model);
  } finally {
    await model.close();
  }
}

function versions(): Record<string, string> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  const version = (file: string) => (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
  return {
    ttpa: version(path.join(root, "package.json")),
    node: process.version,
    "node-llama-cpp": version(path.join(root, "node_modules/node-llama-cpp/package.json")),
  };
}
