export { isRemoteModel, type OpenLanguageModelOptions, openLanguageModel } from "./open-language-model.js";
export { type PredictOptions, type PredictProgress, type PredictSummary, runPredict } from "./run-predict.js";
