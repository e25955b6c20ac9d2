import {
  type ArmComparison,
  armSummary,
  type RunManifest,
  type RunModelConfig,
  type RunResults,
  testSetLabel,
  testSetPaths,
} from "../run/index.js";
import { ChartCanvas } from "./chart-canvas.js";
import { ComparisonTable } from "./comparison-table.js";
import { errorChart } from "./error-chart.js";
import { ExampleCard } from "./example-card.js";
import type { ExampleViews } from "./example-views.js";
import { InlineCode } from "./inline-code.js";
import { MetricsTable } from "./metrics-table.js";
import { PairCard } from "./pair-card.js";
import type { PairView } from "./pair-views.js";
import type { PreferenceLosses } from "./preference-losses.js";
import { REPORT_CSS } from "./report-css.js";
import type { TrainingChart } from "./training-charts.js";

export interface ReportPageProps {
  /** The run folder's name, as given. */
  runName: string;
  manifest: RunManifest;
  results: RunResults;
  comparisons: ArmComparison[];
  trainingCharts: TrainingChart[];
  /** The preference arms' losses, as named in the charts too (preferenceLosses). */
  losses: PreferenceLosses;
  examples: ExampleViews;
  pairs: { tps: PairView[]; baseline: PairView[]; total: { tps: number; baseline: number } };
  /** Inline scripts, in order (Chart.js, then the chart set-up); the CSP allows exactly these. */
  scripts: string[];
  /** Content-Security-Policy of the page. */
  csp: string;
}

/** Cards shown open when the page loads; the rest open on a click. */
const OPEN_CARDS = 3;

/** The whole report as one self-contained HTML page. */
export function ReportPage(props: ReportPageProps) {
  const { manifest, results, examples, losses } = props;
  const config = manifest.config;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content={props.csp} />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>ttpa report: {props.runName}</title>
        <InlineCode tag="style" code={REPORT_CSS} />
      </head>
      <body>
        <main>
          <h1>TTPA run report</h1>
          <p class="muted">
            run folder <code>{props.runName}</code> · seed {config?.seed} · {describeModel(config?.model)} ·
            SFT {config?.sft?.steps} steps · preference arms {config?.dpo?.steps} steps, β {config?.dpo?.beta}
            , {results.pairs} pairs each ·{" "}
            {Object.entries(manifest.versions ?? {})
              .map(([name, version]) => `${name} ${version}`)
              .join(", ")}
          </p>
          <nav>
            <a href="#results">Results</a>
            <a href="#errors">Error types</a>
            <a href="#training">Training curves</a>
            <a href="#examples">Test examples</a>
            <a href="#pairs">Preference pairs</a>
            <a href="#stages">Stages</a>
          </nav>

          <h2 id="results">Results</h2>
          <p>
            Each arm's greedy predictions on the held-out test sets: <em>seen</em> tools appear in training,{" "}
            <em>unseen</em> tools were held out of it; a <em>BFCL</em> set is a sample of that benchmark
            category's entries, never trained on. <strong>Accuracy</strong> is the share of targets whose
            output BFCL's AST checker accepts (exact match up to the accepted values), with its 95% Wilson
            interval; the <strong>mean ESM score</strong> (0 to 1) gives partial credit; error columns count
            occurrences of each ESM error type. Best accuracy and mean ESM score per test set in bold.
          </p>
          <div class="table-wrap">
            <MetricsTable results={results} />
          </div>
          <Unpredicted results={results} examples={examples} />
          <h3 id="comparisons-heading">Arms compared target by target</h3>
          <p>
            The arms answered the same targets, so a difference between two of them is read on the targets
            where they disagree: <strong>only A right</strong> against <strong>only B right</strong>. The
            interval is Newcombe's for paired proportions (95%), much narrower than the two accuracies' own
            intervals; a difference whose interval leaves out 0 is bold. <em>BFCL AST</em> pools the sampled
            calling categories, <em>BFCL irrelevance</em> the categories whose right answer is no call.
          </p>
          <div class="table-wrap">
            <ComparisonTable comparisons={props.comparisons} />
          </div>

          <h2 id="errors">Error types</h2>
          <div class="charts wide">
            {results.testSets.map((set) => (
              <ChartCanvas
                id={`errors-${testSetPaths(set).slug}`}
                config={errorChart(results, set)}
                label={`bar chart of error occurrences per arm on ${testSetLabel(set)}`}
              />
            ))}
          </div>

          <h2 id="training">Training curves</h2>
          <p>
            From each stage's trainer metrics (<code>model/metrics.jsonl</code>). Solid lines are training
            batches, dashed ones held-out evaluations where the stage had held-out data.{" "}
            {losses.same
              ? "Both preference arms train with sigmoid DPO, so their losses compare directly."
              : `The preference arms train with different losses (baseline: sigmoid DPO; TTPA: ${losses.ttpa}), so their loss levels do not compare directly; reward margin and accuracy do.`}
          </p>
          <div class="charts">
            {props.trainingCharts.map((chart) => (
              <ChartCanvas id={chart.id} config={chart.config} label={`line chart ${chart.id}`} />
            ))}
          </div>

          <h2 id="examples">Test examples</h2>
          <p>
            The reference is the assistant turn as the run's chat template renders it, up to (not including)
            its end-of-turn marker: what a model must write before it stops. Each arm's output is its raw
            generated text. Both are cut into tokens with the run's tokenizer (
            <code>sft/model/tokenizer.json</code>); underlines alternate to show token boundaries and hovering
            a token shows its index and id. Tokens are compared in order from the start: the{" "}
            <strong>first token where the output differs from the reference is filled red</strong>, everything
            after it is shaded, since it follows from a different prefix. This is the same first-divergence
            rule that gives a preference pair its divergence token.
          </p>
          {results.testSets.map((set) => {
            const shown = examples.examples.filter((example) => example.set === set);
            return (
              <>
                <h3>
                  {testSetLabel(set)}: {shown.length} of {examples.predicted[set] ?? 0} predicted targets
                </h3>
                {shown.map((example, i) => (
                  <ExampleCard example={example} open={i < OPEN_CARDS} />
                ))}
              </>
            );
          })}

          <h2 id="pairs">Preference pairs</h2>
          <p>
            The first pairs each sampler made from the SFT model. Both sides are the assistant turn as the
            trainer sees it (rendered with the chat template, end-of-turn marker included), and the pair's
            recorded divergence token (<code>meta.divergence_token</code>) is filled: green in the chosen
            side, red in the rejected one. TPS pairs differ from one forced token on; baseline pairs are two
            independent samples.
          </p>
          <h3>
            Token-level sampler (TPS): {props.pairs.tps.length} of {props.pairs.total.tps} pairs
          </h3>
          {props.pairs.tps.map((pair, i) => (
            <PairCard pair={pair} open={i < OPEN_CARDS} />
          ))}
          <h3>
            Baseline sampler: {props.pairs.baseline.length} of {props.pairs.total.baseline} pairs
          </h3>
          {props.pairs.baseline.map((pair) => (
            <PairCard pair={pair} open={false} />
          ))}

          <h2 id="stages">Stages</h2>
          <table>
            <thead>
              <tr>
                <th>stage</th>
                <th>status</th>
                <th>seconds</th>
                <th>started</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(manifest.stages).map(([name, stage]) => (
                <tr>
                  <td>{name}</td>
                  <td>{stage.status}</td>
                  <td class="num">{stage.seconds ?? ""}</td>
                  <td>{stage.startedAt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </main>
        {props.scripts.map((code) => (
          <InlineCode tag="script" code={code} />
        ))}
      </body>
    </html>
  );
}

/** Targets no arm has a prediction for count as incorrect with score 0; say how many there are. */
function Unpredicted({ results, examples }: { results: RunResults; examples: ExampleViews }) {
  const first = results.armOrder[0];
  if (first === undefined) return null;
  const missing = results.testSets.map((set) => {
    const targets = armSummary(results, first, set).count;
    return { set, targets, count: targets - (examples.predicted[set] ?? 0) };
  });
  if (missing.every(({ count }) => count <= 0)) return null;
  return (
    <p class="muted" id="unpredicted">
      {missing
        .map(({ set, targets, count }) => `${count} of the ${targets} ${testSetLabel(set)} targets`)
        .join(", ")}{" "}
      have no prediction from any arm: the predict stage could not run them (most often a prompt longer than
      the model's context) and they count as incorrect with an ESM score of 0.
    </p>
  );
}

/** The run's model in a few words (a config from an older run has no `type`: a preset). */
function describeModel(model: RunModelConfig | undefined): string {
  if (model?.type === "pretrained") {
    return `pretrained ${model.gguf}${model.loraRank ? ` (LoRA rank ${model.loraRank})` : ""}`;
  }
  return `model preset ${model?.preset} (vocabulary ${model?.vocabSize})`;
}
