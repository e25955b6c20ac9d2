/** Browser code: draws every `canvas[data-chart]` with the Chart.js bundle inlined before it. */
export const CHART_INIT_SCRIPT = `
Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
Chart.defaults.color = "#27272a";
const canvases = document.querySelectorAll("canvas[data-chart]");
for (const canvas of canvases) new Chart(canvas, JSON.parse(canvas.dataset.chart));
document.documentElement.dataset.charts = String(canvases.length);
`;
