/** A generate request that cannot run as given: names the request's index and field, and the limit it breaks. */
export class GenerateRequestError extends Error {
  readonly requestIndex: number;
  readonly field: string;

  constructor(options: { requestIndex: number; field: string; problem: string }) {
    super(`request ${options.requestIndex}, '${options.field}': ${options.problem}`);
    this.requestIndex = options.requestIndex;
    this.field = options.field;
  }
}
