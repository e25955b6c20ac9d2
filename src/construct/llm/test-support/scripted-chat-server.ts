import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What the server does with one request, before (or instead of) answering it with the script. */
export type Fault =
  | { type: "status"; status: number; retryAfterSeconds?: number }
  | { type: "malformed" }
  | { type: "hang"; ms: number };

export interface ScriptedChatServer {
  baseUrl: string;
  /** Every `POST /chat/completions` body received, in order (faulted ones included). */
  requests: Array<Record<string, unknown>>;
  /** Authorization headers seen, to check the key travels only in the header. */
  authorizations: string[];
  close(): Promise<void>;
}

/**
 * An OpenAI-compatible chat server on loopback that answers from a script (request body → the
 * assistant message content) and injects the queued faults first, one per request.
 */
export async function startScriptedChatServer(options: {
  reply: (body: Record<string, unknown>) => string;
  faults?: Fault[];
}): Promise<ScriptedChatServer> {
  const faults = [...(options.faults ?? [])];
  const requests: Array<Record<string, unknown>> = [];
  const authorizations: string[] = [];
  const server: Server = createServer(async (request, response) => {
    authorizations.push(request.headers.authorization ?? "");
    if (request.method === "GET" && request.url?.endsWith("/models")) {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ object: "list", data: [{ id: "scripted", object: "model" }] }));
      return;
    }
    const body = JSON.parse(await readBody(request)) as Record<string, unknown>;
    requests.push(body);
    const fault = faults.shift();
    if (fault?.type === "status") {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds);
      response.writeHead(fault.status, headers);
      response.end(JSON.stringify({ error: { message: `injected ${fault.status}` } }));
      return;
    }
    if (fault?.type === "malformed") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"choices": [{"message": ');
      return;
    }
    if (fault?.type === "hang") await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (response.destroyed) return;
    response.writeHead(200, { "content-type": "application/json" });
    response.end(
      JSON.stringify({
        id: `chatcmpl-${requests.length}`,
        object: "chat.completion",
        model: body.model,
        choices: [
          { index: 0, finish_reason: "stop", message: { role: "assistant", content: options.reply(body) } },
        ],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    authorizations,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of request) text += chunk;
  return text;
}
