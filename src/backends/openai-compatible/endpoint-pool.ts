import { HttpError } from "../../construct/index.js";
import { isJsonObject, type JsonObject } from "../../json/index.js";

export interface EndpointPoolOptions {
  /**
   * Server roots, e.g. `http://localhost:8000`. A trailing `/v1` is dropped: the OpenAI routes add
   * it back, and `/tokenize`, `/detokenize` and `/props` live at the root on vLLM and llama.cpp.
   */
  readonly urls: readonly string[];
  /** Sent as `Authorization: Bearer ...` and nowhere else. Default: no header. */
  readonly apiKey?: string;
  /** Requests in flight per endpoint; more wait their turn. Default 8. */
  readonly concurrency?: number;
  /** Per-attempt timeout. Default 300 000 ms: a long generation on a busy server is not a failure. */
  readonly timeoutMs?: number;
  /** Retries after a 408, 429, 5xx, timeout, network error or unparseable body. Default 5. */
  readonly maxRetries?: number;
  /** First backoff; it doubles each retry, with full jitter (a Retry-After header wins). Default 500 ms. */
  readonly backoffMs?: number;
  /** Jitter source. Default Math.random. */
  readonly random?: () => number;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Overrides the pool's maxRetries for this call (a first contact should fail fast). */
  readonly maxRetries?: number;
}

interface Endpoint {
  readonly root: string;
  inFlight: number;
  /** After a failed attempt the endpoint gets no new work before this time if another is free. */
  coolUntil: number;
}

type Attempt =
  | { type: "ok"; body: JsonObject }
  | { type: "missing" }
  | { type: "error"; retryable: boolean; status?: number; message: string; retryAfterMs?: number };

const MAX_RETRY_AFTER_MS = 60_000;

/**
 * JSON over HTTP to several endpoints serving the same model: each call goes to the least busy
 * endpoint (ties in turn), at most `concurrency` calls run per endpoint, and transient failures
 * are retried with backoff, on another endpoint when one is free.
 */
export class EndpointPool {
  readonly stats = { requests: 0, retries: 0 };
  private readonly endpoints: Endpoint[];
  private readonly options: EndpointPoolOptions;
  private readonly waiters: Array<() => void> = [];
  private turn = 0;

  constructor(options: EndpointPoolOptions) {
    if (options.urls.length === 0) throw new Error("EndpointPool needs at least one URL");
    this.options = options;
    this.endpoints = options.urls.map((url) => ({ root: serverRoot(url), inFlight: 0, coolUntil: 0 }));
  }

  /** The first endpoint's root, for messages. */
  get primary(): string {
    return (this.endpoints[0] as Endpoint).root;
  }

  post(path: string, body: JsonObject, options: CallOptions = {}): Promise<JsonObject> {
    return this.call("POST", path, body, options, false) as Promise<JsonObject>;
  }

  /** GET; with `optional`, a 404 or 405 gives undefined instead of an error (routes some servers lack). */
  get(path: string, options: CallOptions & { optional?: boolean } = {}): Promise<JsonObject | undefined> {
    return this.call("GET", path, undefined, options, options.optional === true);
  }

  private async call(
    method: "GET" | "POST",
    path: string,
    body: JsonObject | undefined,
    options: CallOptions,
    allowMissing: boolean,
  ): Promise<JsonObject | undefined> {
    const { signal } = options;
    const maxRetries = options.maxRetries ?? this.options.maxRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      const endpoint = await this.acquire(signal);
      let outcome: Attempt;
      try {
        outcome = await this.attempt(endpoint, method, path, body, signal);
      } finally {
        this.release(endpoint);
      }
      if (outcome.type === "ok") return outcome.body;
      if (outcome.type === "missing") {
        if (allowMissing) return undefined;
        outcome = {
          type: "error",
          retryable: false,
          status: 404,
          message: `HTTP 404 from ${endpoint.root}${path}`,
        };
      }
      if (!outcome.retryable || attempt >= maxRetries) {
        throw new HttpError({
          url: `${endpoint.root}${path}`,
          retryable: outcome.retryable,
          message: outcome.message,
          ...(outcome.status === undefined ? {} : { status: outcome.status }),
        });
      }
      this.stats.retries++;
      const backoff = (this.options.backoffMs ?? 500) * 2 ** attempt;
      const wait = outcome.retryAfterMs ?? (this.options.random ?? Math.random)() * backoff;
      endpoint.coolUntil = Date.now() + wait;
      await sleep(wait, signal);
    }
  }

  private async attempt(
    endpoint: Endpoint,
    method: "GET" | "POST",
    path: string,
    body: JsonObject | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Attempt> {
    this.stats.requests++;
    const url = `${endpoint.root}${path}`;
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 300_000);
    const headers: Record<string, string> = {};
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
      });
      text = await response.text();
    } catch (error) {
      // The caller's abort is not a failure of the endpoint: it ends the call at once.
      signal?.throwIfAborted();
      return { type: "error", retryable: true, message: `request to ${url} failed: ${causeOf(error)}` };
    }
    if (response.status === 404 || response.status === 405) return { type: "missing" };
    if (!response.ok) {
      const retryAfter = Number(response.headers.get("retry-after"));
      return {
        type: "error",
        retryable: response.status === 408 || response.status === 429 || response.status >= 500,
        status: response.status,
        message: `HTTP ${response.status} from ${url}: ${serverMessage(text)}`,
        ...(Number.isFinite(retryAfter) && retryAfter > 0
          ? { retryAfterMs: Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS) }
          : {}),
      };
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (isJsonObject(parsed)) return { type: "ok", body: parsed };
    } catch {
      // an unparseable body is retried like a transient failure, below
    }
    return {
      type: "error",
      retryable: true,
      status: response.status,
      message: `unparseable response from ${url}: ${text.slice(0, 200)}`,
    };
  }

  /** Takes a slot on the least busy endpoint with room, preferring ones not cooling down after a failure. */
  private async acquire(signal: AbortSignal | undefined): Promise<Endpoint> {
    const limit = this.options.concurrency ?? 8;
    for (;;) {
      signal?.throwIfAborted();
      const now = Date.now();
      let best: Endpoint | undefined;
      let bestRank = Number.POSITIVE_INFINITY;
      const count = this.endpoints.length;
      for (let offset = 0; offset < count; offset++) {
        const endpoint = this.endpoints[(this.turn + offset) % count] as Endpoint;
        if (endpoint.inFlight >= limit) continue;
        const rank = endpoint.inFlight + (endpoint.coolUntil > now ? limit : 0);
        if (rank < bestRank) {
          best = endpoint;
          bestRank = rank;
        }
      }
      if (best !== undefined) {
        this.turn = (this.turn + 1) % count;
        best.inFlight++;
        return best;
      }
      await this.waitForSlot(signal);
    }
  }

  private release(endpoint: Endpoint): void {
    endpoint.inFlight--;
    this.waiters.shift()?.();
  }

  private waitForSlot(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.waiters.indexOf(wake);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal?.reason);
      };
      const wake = (): void => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      this.waiters.push(wake);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}

/** `http://host:8000/v1/` → `http://host:8000`. */
export function serverRoot(url: string): string {
  return url.replace(/\/+$/, "").replace(/\/v1$/, "");
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The server's own error message when the body has one (OpenAI, vLLM and llama.cpp shapes), else the start of the body. */
function serverMessage(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (isJsonObject(parsed)) {
      const error = parsed.error;
      if (isJsonObject(error) && typeof error.message === "string") return error.message;
      if (typeof parsed.message === "string") return parsed.message;
    }
  } catch {
    // not JSON: show the text itself
  }
  return text.slice(0, 200);
}

function causeOf(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError") return "timed out";
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}
