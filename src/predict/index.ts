export {
  ANSWER_BUDGET_DEFAULTS,
  type AnswerBudgetOptions,
  answerBudget,
  longestAnswerText,
} from "./answer-budget.js";
export { type PredictOptions, type PredictProgress, type PredictSummary, runPredict } from "./run-predict.js";
