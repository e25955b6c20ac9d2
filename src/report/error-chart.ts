import type { ChartConfiguration } from "chart.js";
import { ESM_ERROR_TYPES } from "../esm/index.js";
import { ARMS, type RunResults } from "../run/index.js";
import { ARM_STYLE } from "./arm-style.js";
import { ERROR_LABELS } from "./error-labels.js";
import type { TestSet } from "./test-sets.js";

/** Chart.js bar chart of one test set: occurrences of each ESM error type, a bar per arm. */
export function errorChart(results: RunResults, set: TestSet): ChartConfiguration<"bar"> {
  const targets = results.arms.sft[set].count;
  return {
    type: "bar",
    data: {
      // Two-word labels on two lines, so that they fit under their bars unrotated.
      labels: ESM_ERROR_TYPES.map((type) => ERROR_LABELS[type].split(" ")),
      datasets: ARMS.map((arm) => ({
        label: ARM_STYLE[arm].label,
        data: ESM_ERROR_TYPES.map((type) => results.arms[arm][set].errors[type].count),
        backgroundColor: ARM_STYLE[arm].color,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        title: { display: true, text: `Errors on ${set} tools (${targets} targets per arm)` },
        legend: { position: "bottom" },
      },
      scales: {
        x: { ticks: { maxRotation: 0, autoSkip: false }, title: { display: true, text: "ESM error type" } },
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "occurrences" } },
      },
    },
  };
}
