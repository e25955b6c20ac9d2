export { type PythonProbe, probePythons } from "./probe-pythons.js";
