export {
  type BuildConversationOptions,
  buildConversation,
  type ToolImplementations,
} from "./build-conversation.js";
export { ConstructionRejected } from "./construction-rejected.js";
export {
  type CallMemory,
  type ConversationGenerator,
  type NextStep,
  type Scenario,
  type StageContext,
  type ToolPlan,
  TURN_KINDS,
  type TurnKind,
} from "./conversation-generator.js";
export * from "./llm/index.js";
export { type QueryDiversity, queryDiversity } from "./query-diversity.js";
export {
  type ConstructOptions,
  type ConstructProgress,
  type ConstructSummary,
  conversationId,
  runConstruct,
} from "./run-construct.js";
export * from "./simulator/index.js";
export {
  type DateRule,
  type Verification,
  type VerifyOptions,
  verifyConversation,
} from "./verify-conversation.js";
