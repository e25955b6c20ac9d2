export type { PossibleAnswerCall, ReferenceArgument, ReferenceCall } from "./reference-call.js";
export { referenceFromCall } from "./reference-from-call.js";
export {
  possibleAnswerFromReference,
  referenceFromPossibleAnswer,
} from "./reference-from-possible-answer.js";
