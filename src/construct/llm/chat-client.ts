import { InputError } from "../../errors/input-error.js";
import { isJsonObject } from "../../json/json-value.js";
import { HttpError } from "./http-error.js";
import { ResponseCache } from "./response-cache.js";

export interface ChatClientOptions {
  /** Base URL of an OpenAI-compatible API, e.g. `http://localhost:8000/v1`. */
  baseUrl: string;
  /** The API key (from the environment; never written anywhere). Empty for servers without auth. */
  apiKey: string;
  /** Per-request timeout. Default 60 s. */
  timeoutMs?: number;
  /** Retries after a 429, a 5xx, a timeout, a network error or an unparseable body. Default 5. */
  maxRetries?: number;
  /** First backoff; it doubles each retry, with full jitter. Default 1000 ms. */
  backoffMs?: number;
  /** Response cache folder. Default: no cache. */
  cacheDir?: string;
  /** Seeded jitter source; default Math.random. */
  random?: () => number;
}

export interface ChatClientStats {
  requests: number;
  cacheHits: number;
  retries: number;
}

/** A small client for `POST /chat/completions` with retries, backoff and a response cache. */
export class ChatClient {
  readonly stats: ChatClientStats = { requests: 0, cacheHits: 0, retries: 0 };
  private readonly cache: ResponseCache | undefined;

  constructor(private readonly options: ChatClientOptions) {
    this.cache = options.cacheDir ? new ResponseCache(options.cacheDir) : undefined;
  }

  /**
   * Fails fast, before any work, when the endpoint cannot be reached or rejects the key:
   * `GET /models` answers on every OpenAI-compatible server.
   */
  async preflight(): Promise<void> {
    const url = `${this.base()}/models`;
    let response: Response;
    try {
      response = await fetch(url, { headers: this.headers(), signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new InputError(
        `cannot reach ${url} (${causeOf(error)}): check --base-url and that the server is running`,
      );
    }
    if (response.status === 401 || response.status === 403) {
      throw new InputError(
        `${url} rejected the API key (HTTP ${response.status}): check the key's environment variable`,
      );
    }
  }

  /** POSTs a chat completion request and returns the parsed response body. */
  async complete(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const key = ResponseCache.key({ path: "/chat/completions", body });
    const cached = await this.cache?.get(key);
    if (isJsonObject(cached)) {
      this.stats.cacheHits++;
      return cached;
    }
    const url = `${this.base()}/chat/completions`;
    const maxRetries = this.options.maxRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(url, body);
      if (outcome.type === "ok") {
        await this.cache?.set(key, outcome.body);
        return outcome.body;
      }
      if (!outcome.retryable || attempt >= maxRetries) {
        throw new HttpError({
          url,
          status: outcome.status,
          retryable: outcome.retryable,
          message: outcome.message,
        });
      }
      this.stats.retries++;
      const backoff = (this.options.backoffMs ?? 1000) * 2 ** attempt;
      const wait = outcome.retryAfterMs ?? (this.options.random ?? Math.random)() * backoff;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private async attempt(url: string, body: Record<string, unknown>): Promise<Attempt> {
    this.stats.requests++;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { ...this.headers(), "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
      });
      text = await response.text();
    } catch (error) {
      return { type: "error", retryable: true, message: `request to ${url} failed: ${causeOf(error)}` };
    }
    if (!response.ok) {
      const retryable = response.status === 429 || response.status >= 500;
      const retryAfter = Number(response.headers.get("retry-after"));
      return {
        type: "error",
        retryable,
        status: response.status,
        message: `HTTP ${response.status} from ${url}: ${text.slice(0, 200)}`,
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
      };
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (isJsonObject(parsed) && Array.isArray(parsed.choices)) return { type: "ok", body: parsed };
    } catch {
      // handled below: an unparseable body is retried like a transient failure
    }
    return {
      type: "error",
      retryable: true,
      status: response.status,
      message: `unparseable response from ${url}`,
    };
  }

  private base(): string {
    return this.options.baseUrl.replace(/\/+$/, "");
  }

  private headers(): Record<string, string> {
    return this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {};
  }
}

type Attempt =
  | { type: "ok"; body: Record<string, unknown> }
  | { type: "error"; retryable: boolean; status?: number; message: string; retryAfterMs?: number };

function causeOf(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError") return "timed out";
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}
