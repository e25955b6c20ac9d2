import { ESM_ERROR_TYPES } from "../esm/index.js";
import { formatAccuracy } from "../eval/index.js";
import { type Arm, armSummary, type RunResults, testSetLabel } from "../run/index.js";
import { ARM_STYLE } from "./arm-style.js";
import { ERROR_LABELS } from "./error-labels.js";

/**
 * results.json as a table: per test set and arm (in the results' order), targets, exact-match
 * accuracy with its 95% interval, mean ESM score and each error type's occurrences. Every number cell carries its exact value in `data-value`; the
 * best accuracy and mean ESM score of each set are bold.
 */
export function MetricsTable({ results }: { results: RunResults }) {
  return (
    <table id="metrics">
      <thead>
        <tr>
          <th rowSpan={2}>test set</th>
          <th rowSpan={2}>arm</th>
          <th rowSpan={2}>targets</th>
          <th rowSpan={2}>accuracy (95% CI)</th>
          <th rowSpan={2}>mean ESM score</th>
          <th colSpan={ESM_ERROR_TYPES.length}>error occurrences by ESM error type</th>
        </tr>
        <tr>
          {ESM_ERROR_TYPES.map((type) => (
            <th title={type}>{ERROR_LABELS[type]}</th>
          ))}
        </tr>
      </thead>
      {results.testSets.map((set) => {
        const best = (pick: (arm: Arm) => number) => Math.max(...results.armOrder.map((arm) => pick(arm)));
        const bestAccuracy = best((arm) => armSummary(results, arm, set).accuracy);
        const bestScore = best((arm) => armSummary(results, arm, set).meanScore);
        return (
          <tbody class="set">
            {results.armOrder.map((arm, index) => {
              const summary = armSummary(results, arm, set);
              const cell = (metric: string, value: number, text: string, extra = "") => (
                <td
                  class={`num${value === 0 ? " zero" : ""}${extra}`}
                  data-arm={arm}
                  data-set={set}
                  data-metric={metric}
                  data-value={String(value)}
                >
                  {text}
                </td>
              );
              return (
                <tr>
                  {index === 0 ? <th rowSpan={results.armOrder.length}>{testSetLabel(set)}</th> : null}
                  <td class="arm">
                    <span class="swatch" style={{ background: ARM_STYLE[arm].color }} />
                    {ARM_STYLE[arm].label}
                  </td>
                  {cell("count", summary.count, String(summary.count))}
                  {cell(
                    "accuracy",
                    summary.accuracy,
                    formatAccuracy(summary),
                    summary.accuracy === bestAccuracy && summary.count > 0 ? " best" : "",
                  )}
                  {cell(
                    "meanScore",
                    summary.meanScore,
                    summary.meanScore.toFixed(3),
                    summary.meanScore === bestScore && summary.count > 0 ? " best" : "",
                  )}
                  {ESM_ERROR_TYPES.map((type) => {
                    const count = summary.errors[type]?.count ?? 0;
                    return cell(type, count, String(count));
                  })}
                </tr>
              );
            })}
          </tbody>
        );
      })}
    </table>
  );
}
