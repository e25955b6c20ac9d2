export { gemma3Gguf } from "./gemma3-gguf.js";
export { createTinyGgufModel, type TinyGgufModel } from "./tiny-gguf-model.js";
