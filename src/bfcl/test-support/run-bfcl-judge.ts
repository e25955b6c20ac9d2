import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AgreementCase } from "./agreement-cases.js";

export interface BfclJudgement {
  key: number;
  valid: boolean;
  error_type: string | null;
}

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), "bfcl_judge.py");

/** BFCL's verdicts on `cases`, from one Python process (bfcl_judge.py) fed JSON lines. */
export function runBfclJudge(python: string, cases: readonly AgreementCase[]): Promise<BfclJudgement[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [SCRIPT], { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) {
        reject(new Error(`bfcl_judge.py exited with ${code}: ${Buffer.concat(err).toString().slice(-2000)}`));
        return;
      }
      const lines = Buffer.concat(out)
        .toString("utf8")
        .split("\n")
        .filter((line) => line !== "");
      resolve(lines.map((line) => JSON.parse(line) as BfclJudgement));
    });
    const input = cases
      .map(({ key, id, category, decoder, result }) => JSON.stringify({ key, id, category, decoder, result }))
      .join("\n");
    child.stdin.end(`${input}\n`);
  });
}
