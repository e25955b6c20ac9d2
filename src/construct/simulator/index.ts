export { DEFAULT_TURN_SHARES, SimulatorGenerator, type SimulatorOptions } from "./simulator-generator.js";
