/**
 * The `ttpa` library: what `import { ... } from "ttpa"` gives, every module's public API (see
 * docs/ARCHITECTURE.md for what each is), and `main`, the CLI as a function.
 */
export * from "./backends/index.js";
export * from "./bfcl/index.js";
export * from "./chat-template/index.js";
export type { CliIo } from "./cli/cli-io.js";
export { main } from "./cli/main.js";
export * from "./construct/index.js";
export * from "./dataset/index.js";
export * from "./errors/index.js";
export * from "./esm/index.js";
export * from "./eval/index.js";
export * from "./gguf/index.js";
export * from "./inference/index.js";
export * from "./json/index.js";
export * from "./pairs/index.js";
export * from "./predict/index.js";
export * from "./random/index.js";
export * from "./reference/index.js";
export * from "./report/index.js";
export * from "./run/index.js";
export * from "./serve/index.js";
export * from "./tokenizer/index.js";
export * from "./tool-calls/index.js";
export * from "./tools/index.js";
export * from "./tps/index.js";
export * from "./training/index.js";
