export { type BfclSource, bfclFunctionsToToolset, bfclFunctionToTool } from "./bfcl-function-to-tool.js";
export { BfclNotInstalled } from "./bfcl-not-installed.js";
export { BFCL_TYPE_KEYWORD, type BfclExtensionType, type BfclType, bfclTypeOf } from "./bfcl-type.js";
export {
  BFCL_AST_CATEGORIES,
  type BfclRule,
  type BfclVerdict,
  bfclRule,
  type CheckBfclInput,
  checkBfcl,
} from "./check-bfcl.js";
export { type BfclPackage, findBfclPackage } from "./find-bfcl-package.js";
export {
  BFCL_IMPORT_CATEGORIES,
  type BfclCategorySummary,
  type BfclImport,
  type BfclSkippedFile,
  type ImportBfclOptions,
  importBfcl,
} from "./import-bfcl.js";
export { standardizeString } from "./value-checkers.js";
