export { BadRequestError } from "./bad-request.js";
export {
  type ModelServer,
  type ModelServerOptions,
  type RequestLogEntry,
  startModelServer,
} from "./model-server.js";
