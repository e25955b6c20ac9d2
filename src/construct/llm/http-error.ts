/** A failed call to an OpenAI-compatible API, after retries. `retryable` says whether trying later may help. */
export class HttpError extends Error {
  override readonly name = "HttpError";
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly url: string;

  constructor(options: { url: string; status?: number; retryable: boolean; message: string }) {
    super(options.message);
    this.url = options.url;
    this.status = options.status;
    this.retryable = options.retryable;
  }
}
