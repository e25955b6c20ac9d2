import type { ChartConfiguration, ChartDataset } from "chart.js";
import type { Arm } from "../run/index.js";
import type { TrainerEvent } from "../training/index.js";
import { ARM_STYLE } from "./arm-style.js";
import type { PreferenceLosses } from "./preference-losses.js";

type Point = { x: number; y: number };
type LineChart = ChartConfiguration<"line", Point[]>;

/** One training-curve chart: its anchor id, and its Chart.js configuration. */
export interface TrainingChart {
  id: string;
  config: LineChart;
}

/**
 * The training curves from the trainer's metrics: SFT loss, the preference arms' loss, reward
 * margin and reward accuracy over optimizer steps. Training-batch values are solid lines, held-out
 * evaluations (when the stage had held-out data) dashed.
 */
export function trainingCharts(
  metrics: Partial<Record<Arm, readonly TrainerEvent[]>>,
  losses: PreferenceLosses,
): TrainingChart[] {
  const dpo: Arm[] = ["baseline_dpo", "ttpa"];
  // Each preference arm's training-batch curve of `field`, then its held-out curve of `evalField`.
  const armCurves = (field: string, evalField?: string) => [
    ...dpo.map((arm) =>
      line(ARM_STYLE[arm].label, ARM_STYLE[arm].color, series(metrics[arm] ?? [], "step", field)),
    ),
    ...(evalField === undefined
      ? []
      : dpo.map((arm) =>
          line(
            `${ARM_STYLE[arm].label}, held-out`,
            ARM_STYLE[arm].color,
            series(metrics[arm] ?? [], "eval", evalField),
            true,
          ),
        )),
  ];
  return [
    {
      id: "curve-sft-loss",
      config: chart("SFT: cross-entropy on the tool-call tokens", "loss (nats per token)", [
        line("SFT training batch", ARM_STYLE.sft.color, series(metrics.sft ?? [], "step", "loss")),
        line("SFT held-out", ARM_STYLE.sft.color, series(metrics.sft ?? [], "eval", "eval_loss"), true),
      ]),
    },
    {
      id: "curve-dpo-loss",
      config: chart(
        losses.same
          ? "Preference arms: loss (sigmoid DPO, both)"
          : `Preference arms: loss (sigmoid DPO vs ${losses.ttpa}, so compare trends, not levels)`,
        "loss",
        armCurves("loss", "eval_loss"),
      ),
    },
    {
      id: "curve-dpo-margin",
      config: chart(
        "Preference arms: reward margin (chosen − rejected)",
        "reward margin",
        armCurves("rewards/margins", "eval_rewards/margins"),
      ),
    },
    {
      id: "curve-dpo-accuracy",
      config: chart(
        "Preference arms: reward accuracy (share of pairs with chosen > rejected)",
        "reward accuracy",
        armCurves("rewards/accuracies"),
      ),
    },
  ];
}

/**
 * `field` of every event of kind `event` that has a step and a finite value, by step. A step seen
 * twice (a resumed run redoes the steps after its last checkpoint) keeps its last value.
 */
function series(events: readonly TrainerEvent[], event: "step" | "eval", field: string): Point[] {
  const byStep = new Map<number, number>();
  for (const e of events) {
    const y = e[field];
    if (e.event === event && typeof e.step === "number" && typeof y === "number" && Number.isFinite(y))
      byStep.set(e.step, y);
  }
  return [...byStep].sort(([a], [b]) => a - b).map(([x, y]) => ({ x, y }));
}

function line(label: string, color: string, data: Point[], heldOut = false): ChartDataset<"line", Point[]> {
  return {
    label,
    data,
    borderColor: color,
    backgroundColor: color,
    borderWidth: 2,
    borderDash: heldOut ? [6, 4] : [],
    pointStyle: heldOut ? "rectRot" : "circle",
    pointRadius: heldOut ? 5 : data.length <= 30 ? 3 : 0,
    tension: 0,
  };
}

function chart(title: string, yTitle: string, datasets: ChartDataset<"line", Point[]>[]): LineChart {
  return {
    type: "line",
    // A curve the run has no values for (no held-out pairs, say) is left out rather than drawn empty.
    data: { datasets: datasets.filter((dataset) => dataset.data.length > 0) },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { title: { display: true, text: title }, legend: { position: "bottom" } },
      scales: {
        x: { type: "linear", title: { display: true, text: "optimizer step" }, ticks: { precision: 0 } },
        y: { title: { display: true, text: yTitle } },
      },
    },
  };
}
