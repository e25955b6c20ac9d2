import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { LanguageModel } from "../backends/language-model.js";
import type { JsonObject } from "../json/index.js";
import { BadRequestError } from "./bad-request.js";
import { createBearerCheck } from "./bearer-check.js";
import { chatCompletionsRoute } from "./chat-completions-route.js";
import { completionsRoute } from "./completions-route.js";
import { errorBody, readJsonBody, sendJson } from "./http-json.js";
import { createServeContext, type ServeContext } from "./serve-context.js";
import { detokenizeRoute, tokenizeRoute } from "./token-routes.js";

export interface ModelServerOptions {
  model: LanguageModel;
  /** Default "127.0.0.1": loopback only. */
  host?: string;
  /** Default 8080; 0 picks a free port (see `port` on the result). */
  port?: number;
  /** The model name in `/v1/models` and responses. Default: the model file's name without extension. */
  name?: string;
  /** Requests accepted at once, running or waiting for the model; more get 503 with Retry-After. Default 256. */
  maxPending?: number;
  /** Largest request body. Default 16 MiB. */
  maxBodyBytes?: number;
  /**
   * When set, every route but `/health` answers 401 unless the request carries
   * `Authorization: Bearer <apiKey>` (vLLM's `--api-key`). Default: no key, for loopback use.
   */
  apiKey?: string;
  /** Called once per answered request, for access logs (never given headers). Default: nothing. */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface RequestLogEntry {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly ms: number;
}

export interface ModelServer {
  /** `http://host:port`, the root clients are given. */
  readonly url: string;
  readonly port: number;
  readonly name: string;
  /**
   * Stops taking connections, lets requests in progress finish for up to `graceMs` (default
   * 10 000), then cancels the rest. The model stays open: its owner closes it.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

type Handler = (context: ServeContext, body: JsonObject, signal: AbortSignal) => Promise<JsonObject>;

interface Route {
  readonly method: "GET" | "POST";
  readonly handler: Handler;
}

const ROUTES: Record<string, Route> = {
  "/v1/models": { method: "GET", handler: async (context) => modelsBody(context) },
  "/props": { method: "GET", handler: async (context) => propsBody(context) },
  "/health": { method: "GET", handler: async () => ({ status: "ok" }) },
  "/v1/completions": { method: "POST", handler: completionsRoute },
  "/v1/chat/completions": { method: "POST", handler: chatCompletionsRoute },
  "/tokenize": { method: "POST", handler: tokenizeRoute },
  "/detokenize": { method: "POST", handler: detokenizeRoute },
};

/**
 * Serves a LanguageModel over HTTP with the OpenAI-compatible routes vLLM serves, in vLLM's
 * conventions, so the remote backend (or any OpenAI client) can use it: `GET /v1/models`,
 * `POST /v1/completions`, `POST /v1/chat/completions`, `POST /tokenize`, `POST /detokenize`, plus
 * llama.cpp's `GET /props` (chat template and the model's special token ids) and `GET /health`.
 *
 * Built on node:http: seven JSON routes need no framework. Each request calls `generate` on its
 * own, so a client that disconnects cancels only its own work and one bad request fails alone;
 * the llama.cpp backend's decode loop batches the requests of concurrent calls together.
 */
export async function startModelServer(options: ModelServerOptions): Promise<ModelServer> {
  const { model } = options;
  const name = options.name ?? path.basename(model.info.id).replace(/\.gguf$/i, "");
  const context = createServeContext(model, name);
  const maxPending = options.maxPending ?? 256;
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  if (options.apiKey === "") throw new Error("the API key is empty: give a key, or none for no auth");
  const authorized = options.apiKey === undefined ? () => true : createBearerCheck(options.apiKey);
  const running = new Set<AbortController>();
  let closing = false;
  let onIdle: (() => void) | undefined;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = Date.now();
    const pathname = new URL(request.url ?? "/", "http://localhost").pathname.replace(/(.)\/+$/, "$1");
    const method = request.method ?? "GET";
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      sendJson(response, status, body, headers);
      options.onRequest?.({ method, path: pathname, status, ms: Date.now() - started });
    };
    // Before routing, so a client without the key learns nothing about the server; `/health`
    // stays open for load balancers' probes, as in vLLM.
    if (pathname !== "/health" && !authorized(request)) {
      answer(
        401,
        errorBody(
          "missing or wrong API key: send the header 'Authorization: Bearer <key>' with the key the server was started with",
          "invalid_request_error",
          undefined,
          "invalid_api_key",
        ),
        { "www-authenticate": "Bearer" },
      );
      return;
    }
    const route = ROUTES[pathname];
    if (route === undefined) {
      const routes = Object.entries(ROUTES).map(([where, r]) => `${r.method} ${where}`);
      answer(
        404,
        errorBody(`no route ${method} ${pathname}; routes: ${routes.join(", ")}`, "not_found_error"),
      );
      return;
    }
    if (route.method !== method) {
      answer(405, errorBody(`${pathname} takes ${route.method}, not ${method}`, "invalid_request_error"), {
        allow: route.method,
      });
      return;
    }
    if (closing) {
      answer(503, errorBody("the server is shutting down", "unavailable_error"), { connection: "close" });
      return;
    }
    if (running.size >= maxPending) {
      answer(
        503,
        errorBody(`the server has ${maxPending} requests pending; retry shortly`, "unavailable_error"),
        {
          "retry-after": "1",
        },
      );
      return;
    }
    const controller = new AbortController();
    running.add(controller);
    // A client that goes away stops its generation at the next step.
    response.on("close", () => {
      if (!response.writableFinished) controller.abort(new Error("the client disconnected"));
    });
    try {
      const body = route.method === "POST" ? await readJsonBody(request, maxBodyBytes) : {};
      answer(200, await route.handler(context, body, controller.signal));
    } catch (error) {
      if (error instanceof BadRequestError) {
        answer(error.status, errorBody(error.message, "invalid_request_error", error.field));
      } else if (controller.signal.aborted) {
        answer(503, errorBody("the request was cancelled: the server is shutting down", "unavailable_error"));
      } else {
        const message = error instanceof Error ? error.message : String(error);
        answer(500, errorBody(`internal error: ${message}`, "server_error"));
      }
    } finally {
      running.delete(controller);
      if (running.size === 0) onIdle?.();
    }
  };

  const server: Server = createServer((request, response) => {
    void handle(request, response);
  });
  await listen(server, options.host ?? "127.0.0.1", options.port ?? 8080);
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  let closed: Promise<void> | undefined;
  const close = async (graceMs: number): Promise<void> => {
    closing = true;
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (running.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        onIdle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    for (const controller of running) controller.abort(new Error("the server is shutting down"));
    // Let cancelled requests answer before their connections go.
    await new Promise((resolve) => setTimeout(resolve, running.size > 0 ? 50 : 0));
    server.closeAllConnections();
    await stopped;
  };
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    name,
    close: (closeOptions = {}) => {
      closed ??= close(closeOptions.graceMs ?? 10_000);
      return closed;
    },
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function modelsBody(context: ServeContext): JsonObject {
  const { info } = context.model;
  return {
    object: "list",
    data: [
      {
        id: context.name,
        object: "model",
        created: context.created,
        owned_by: "ttpa",
        // vLLM's name for the context length, and llama.cpp's `meta`.
        max_model_len: info.contextSize,
        meta: { n_vocab: info.vocabularySize, n_ctx_train: info.contextSize },
      },
    ],
  };
}

/** llama.cpp's `/props` fields, and the exact ids its strings leave to guesswork. */
async function propsBody(context: ServeContext): Promise<JsonObject> {
  const { info } = context.model;
  const special = async (token: number | undefined): Promise<string> =>
    token === undefined ? "" : context.tokenText(token);
  return {
    model_path: info.id,
    chat_template: info.chatTemplate ?? "",
    bos_token: await special(info.bos),
    eos_token: await special(info.eos),
    default_generation_settings: { n_ctx: info.contextSize },
    vocab_size: info.vocabularySize,
    bos_token_id: info.bos ?? null,
    eos_token_id: info.eos ?? null,
    eog_token_ids: [...info.endOfGeneration],
    add_bos_token: info.addBos,
  };
}
