export { createTinyGgufModel, type TinyGgufModel } from "./tiny-gguf-model.js";
