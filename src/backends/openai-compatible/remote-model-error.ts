/**
 * A server answered, but not in a form the remote backend can use (no logprobs, token text where
 * ids were needed, a missing field): names the endpoint and says what to change.
 */
export class RemoteModelError extends Error {
  override readonly name = "RemoteModelError";
  readonly url: string;

  constructor(options: { url: string; problem: string }) {
    super(`${options.url}: ${options.problem}`);
    this.url = options.url;
  }
}
