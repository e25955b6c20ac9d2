export { SimulatorGenerator, type SimulatorOptions } from "./simulator-generator.js";
