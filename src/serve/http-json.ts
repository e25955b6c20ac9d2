import type { IncomingMessage, ServerResponse } from "node:http";
import { isJsonObject, type JsonObject } from "../json/index.js";
import { BadRequestError } from "./bad-request.js";

/** Reads a request body as a JSON object, refusing bodies over `maxBytes` (413) and anything not an object (400). */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<JsonObject> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      throw new BadRequestError({ status: 413, problem: `the request body is over ${maxBytes} bytes` });
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BadRequestError({
      problem: `the request body is not valid JSON (${(error as Error).message}); send a JSON object`,
    });
  }
  if (!isJsonObject(parsed)) throw new BadRequestError({ problem: "the request body must be a JSON object" });
  return parsed;
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent || response.destroyed) return;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}

/** OpenAI's error shape, which vLLM, llama.cpp's server and OpenAI clients all read. */
export function errorBody(
  message: string,
  type: string,
  param?: string,
  code?: string,
): { error: { message: string; type: string; param: string | null; code: string | null } } {
  return { error: { message, type, param: param ?? null, code: code ?? null } };
}
