export { type SimulatorOptions, SimulatorGenerator } from "./simulator-generator.js";
