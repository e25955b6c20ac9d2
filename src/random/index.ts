export { hash32, SeededRandom } from "./seeded-random.js";
