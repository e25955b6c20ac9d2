import type { ChartConfiguration } from "chart.js";
import { ESM_ERROR_TYPES } from "../esm/index.js";
import { armSummary, type RunResults, type TestSet, testSetLabel } from "../run/index.js";
import { ARM_STYLE } from "./arm-style.js";
import { ERROR_LABELS } from "./error-labels.js";

/** Chart.js bar chart of one test set: occurrences of each ESM error type, a bar per arm. */
export function errorChart(results: RunResults, set: TestSet): ChartConfiguration<"bar"> {
  const targets = results.armOrder[0] === undefined ? 0 : armSummary(results, results.armOrder[0], set).count;
  return {
    type: "bar",
    data: {
      // Two-word labels on two lines, so that they fit under their bars unrotated.
      labels: ESM_ERROR_TYPES.map((type) => ERROR_LABELS[type].split(" ")),
      datasets: results.armOrder.map((arm) => ({
        label: ARM_STYLE[arm].label,
        data: ESM_ERROR_TYPES.map((type) => armSummary(results, arm, set).errors[type].count),
        backgroundColor: ARM_STYLE[arm].color,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        title: { display: true, text: `Errors on ${testSetLabel(set)} (${targets} targets per arm)` },
        legend: { position: "bottom" },
      },
      scales: {
        x: { ticks: { maxRotation: 0, autoSkip: false }, title: { display: true, text: "ESM error type" } },
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "occurrences" } },
      },
    },
  };
}
