import { closeSync, existsSync, mkdirSync, openSync, readFileSync, truncateSync, writeSync } from "node:fs";
import path from "node:path";

/**
 * Appends JSON records one line at a time, each with a single write, so a killed process leaves at
 * most one partial last line; opening the file again cuts that partial line off. This is what
 * makes long runs resumable without duplicates or losses.
 */
export class JsonlAppender {
  private readonly fd: number;

  private constructor(fd: number) {
    this.fd = fd;
  }

  /** Opens (creating) `file` for appending, after dropping a trailing partial line. Returns the complete lines already there. */
  static open(file: string): { appender: JsonlAppender; existing: unknown[] } {
    const existing: unknown[] = [];
    if (existsSync(file)) {
      const text = readFileSync(file, "utf8");
      const end = text.lastIndexOf("\n") + 1;
      if (end < text.length) truncateSync(file, Buffer.byteLength(text.slice(0, end)));
      for (const line of text.slice(0, end).split("\n")) {
        if (line.trim() === "") continue;
        try {
          existing.push(JSON.parse(line));
        } catch {
          // A line damaged by an earlier crash is left for readers to report; it is not resumed from.
        }
      }
    }
    mkdirSync(path.dirname(file), { recursive: true });
    return { appender: new JsonlAppender(openSync(file, "a")), existing };
  }

  append(record: unknown): void {
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
  }

  close(): void {
    closeSync(this.fd);
  }
}
