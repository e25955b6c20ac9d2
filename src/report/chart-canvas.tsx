import type { ChartConfiguration } from "chart.js";

/**
 * A canvas Chart.js draws on when the page loads; its configuration travels in an attribute (JSON,
 * escaped like any attribute) and CHART_INIT_SCRIPT reads it from there.
 */
export function ChartCanvas({
  id,
  config,
  label,
}: {
  id: string;
  config: ChartConfiguration;
  label: string;
}) {
  return (
    <div class="chart">
      <canvas id={id} role="img" aria-label={label} data-chart={JSON.stringify(config)} />
    </div>
  );
}
