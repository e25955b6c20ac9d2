import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/**
 * Whether a request carries `Authorization: Bearer <key>`. Both sides are hashed first so the
 * comparison takes the same time whatever the key's length and however much of it a guess matches.
 */
export function createBearerCheck(key: string): (request: IncomingMessage) => boolean {
  const expected = sha256(key);
  return (request) => {
    const match = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? "");
    return match?.[1] !== undefined && timingSafeEqual(sha256(match[1].trim()), expected);
  };
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
