export { ScriptedLanguageModel, type ScriptedLanguageModelOptions } from "./scripted-language-model.js";
