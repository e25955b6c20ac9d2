import { type ArmComparison, formatPairedDifference, TEST_GROUP_LABELS } from "../run/index.js";
import { ARM_STYLE } from "./arm-style.js";

/**
 * The arms compared target by target: per comparison and group of test sets, both accuracies, the
 * difference with its 95% paired interval and the discordant targets. Every number cell carries its
 * exact value in `data-value`; a difference whose interval excludes 0 is bold.
 */
export function ComparisonTable({ comparisons }: { comparisons: readonly ArmComparison[] }) {
  return (
    <table id="comparisons">
      <thead>
        <tr>
          <th>A</th>
          <th>B</th>
          <th>test sets</th>
          <th>targets</th>
          <th>accuracy A</th>
          <th>accuracy B</th>
          <th>A − B, points (95% CI)</th>
          <th>only A right</th>
          <th>only B right</th>
        </tr>
      </thead>
      <tbody>
        {comparisons.map((row) => {
          const cell = (metric: string, value: number, text: string, extra = "") => (
            <td class={`num${extra}`} data-metric={metric} data-value={String(value)}>
              {text}
            </td>
          );
          const accuracy = (right: number) => right / row.count;
          const clear = row.low > 0 || row.high < 0;
          return (
            <tr data-a={row.a} data-b={row.b} data-group={row.group}>
              <td class="arm">{ARM_STYLE[row.a].label}</td>
              <td class="arm">{ARM_STYLE[row.b].label}</td>
              <td>{TEST_GROUP_LABELS[row.group]}</td>
              {cell("count", row.count, String(row.count))}
              {cell(
                "accuracyA",
                accuracy(row.both + row.aOnly),
                `${(100 * accuracy(row.both + row.aOnly)).toFixed(1)}%`,
              )}
              {cell(
                "accuracyB",
                accuracy(row.both + row.bOnly),
                `${(100 * accuracy(row.both + row.bOnly)).toFixed(1)}%`,
              )}
              {cell("difference", row.difference, formatPairedDifference(row), clear ? " best" : "")}
              {cell("aOnly", row.aOnly, String(row.aOnly))}
              {cell("bOnly", row.bOnly, String(row.bOnly))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
