export { type SynthesizeToolsOptions, synthesizeTools } from "./synthesize-tools.js";
