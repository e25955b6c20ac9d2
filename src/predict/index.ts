export { type PredictOptions, type PredictProgress, type PredictSummary, runPredict } from "./run-predict.js";
