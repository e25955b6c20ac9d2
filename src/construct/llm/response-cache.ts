import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Responses on disk, keyed by a hash of the request (endpoint path and body: model, messages,
 * parameters — never the API key), so a rerun never pays for the same call twice. One file per
 * response, written through a rename, so concurrent workers and killed runs leave no torn entry.
 */
export class ResponseCache {
  constructor(private readonly dir: string) {}

  static key(parts: unknown): string {
    return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
  }

  async get(key: string): Promise<unknown | undefined> {
    try {
      return JSON.parse(await readFile(this.file(key), "utf8"));
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: unknown): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temporary, JSON.stringify(value));
    await rename(temporary, file);
  }

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }
}
