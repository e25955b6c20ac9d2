import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
// Absolute, so that the child finds tsx and the project's tsconfig (JSX settings) from any cwd.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

export interface TtpaProcess {
  readonly child: ChildProcess;
  /** stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `ttpa ARGS` in a child process from the sources, in `cwd`, as its own process group (so a test
 * can kill it with the trainer it started: `process.kill(-child.pid, "SIGKILL")`).
 */
export function spawnTtpa(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): TtpaProcess {
  const child = spawn(process.execPath, ["--import", tsx, path.join(here, "ttpa-cli.ts"), ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, ...options.env, TSX_TSCONFIG_PATH: path.join(repo, "tsconfig.json") },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}
