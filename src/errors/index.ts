export { InputError } from "./input-error.js";
