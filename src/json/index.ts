export { isJsonObject, type JsonObject, type JsonValue } from "./json-value.js";
export { JsonlAppender } from "./jsonl-appender.js";
export { readJsonFile } from "./read-json-file.js";
export { type JsonlEntry, type JsonlProblem, type ReadJsonlOptions, readJsonl } from "./read-jsonl.js";
export { writeFileAtomic } from "./write-file-atomic.js";
export { writeJsonlAtomic } from "./write-jsonl-atomic.js";
