export {
  type ArmOutcome,
  type ArmOutputView,
  type ExampleView,
  type ExampleViews,
  exampleViews,
} from "./example-views.js";
export { type PairView, pairViews } from "./pair-views.js";
export { type RunFolder, readRunFolder } from "./read-run-folder.js";
export { type RenderReportOptions, renderReport } from "./render-report.js";
export { type TokenLine, type TokenPiece, tokenLine } from "./token-line.js";
export { type WriteReportOptions, type WriteReportResult, writeReport } from "./write-report.js";
