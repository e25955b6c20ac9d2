export { samplePairs } from "./sample-pairs.js";
