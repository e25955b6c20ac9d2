/** The report's stylesheet: system fonts, no external resources. */
export const REPORT_CSS = `
:root { color-scheme: light; --border: #d4d4d8; --muted: #52525b; --faint: #f4f4f5; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; color: #18181b; background: #fff; }
main { max-width: 1320px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 40px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #e4e4e7; }
h3 { font-size: 16px; margin: 24px 0 8px; }
p, li { max-width: 90ch; }
.muted { color: var(--muted); }
nav a { margin-right: 16px; }
code, .tokens { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
code { background: var(--faint); padding: 0 3px; border-radius: 3px; white-space: pre-wrap; overflow-wrap: anywhere; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 14px; }
.table-wrap { overflow-x: auto; }
th, td { border: 1px solid var(--border); padding: 3px 7px; }
th { background: var(--faint); font-weight: 600; text-align: center; }
td.num { text-align: right; }
td.arm { white-space: nowrap; }
td.zero { color: #a1a1aa; }
td.best { font-weight: 700; }
tbody.set + tbody.set tr:first-child > * { border-top: 2px solid #71717a; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px 24px; }
.charts.wide { grid-template-columns: 1fr; }
.chart { position: relative; height: 320px; border: 1px solid #e4e4e7; border-radius: 6px; padding: 8px; }
details.card { border: 1px solid var(--border); border-radius: 6px; margin: 8px 0; }
details.card > summary { cursor: pointer; padding: 6px 10px; background: var(--faint); border-radius: 6px; }
details.card[open] > summary { border-bottom: 1px solid var(--border); border-radius: 6px 6px 0 0; }
.card-body { padding: 8px 12px 12px; }
.badge { display: inline-block; margin-left: 8px; padding: 0 6px; border-radius: 10px; font-size: 13px; border: 1px solid; }
.badge.ok { color: #166534; border-color: #86efac; background: #f0fdf4; }
.badge.bad { color: #991b1b; border-color: #fca5a5; background: #fef2f2; }
.badge.none { color: var(--muted); border-color: var(--border); }
.row { display: grid; grid-template-columns: 250px 1fr; gap: 4px 12px; margin-top: 10px; }
.row .label { font-weight: 600; }
.row .note { grid-column: 2; color: var(--muted); font-size: 13px; }
.tokens { white-space: pre-wrap; word-break: break-all; line-height: 1.9; }
.t { border-radius: 2px; padding: 1px 0; box-shadow: inset 0 -2px 0 #d4d4d8; }
.t.odd { box-shadow: inset 0 -2px 0 #a1a1aa; }
.t.div { background: #dc2626; color: #fff; box-shadow: none; padding: 1px 2px; }
.t.after { background: #fee2e2; }
.chosen .t.div { background: #15803d; }
.chosen .t.after { background: #dcfce7; }
.t.end::after { content: "end of text"; font-size: 11px; }
.nl::before { content: "↵"; color: #a1a1aa; }
.legend span { margin-right: 14px; }
ul.errors { margin: 2px 0 0; padding-left: 18px; font-size: 13px; }
`;
