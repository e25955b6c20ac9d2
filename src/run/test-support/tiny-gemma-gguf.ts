import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { runPythonModule } from "../../gguf/test-support/index.js";

/**
 * A randomly initialised model of Gemma 3's real layout (2 layers, a SentencePiece-style vocabulary
 * of ~490 pieces with <start_of_turn> and <end_of_turn>, built by trainer/tests/convert_fixtures.py)
 * as a GGUF in `dir`: a stand-in for a pretrained GGUF whose every stage runs in seconds.
 */
export async function makeTinyGemmaGguf(dir: string): Promise<string> {
  const checkpoint = path.join(dir, "tiny-gemma");
  await runPythonModule("trainer.tests.convert_fixtures", ["gemma3", checkpoint]);
  // Room for a prompt with tools spelled out in a small vocabulary (RoPE has no learned positions).
  const configFile = path.join(checkpoint, "config.json");
  const config = JSON.parse(await readFile(configFile, "utf8"));
  await writeFile(configFile, JSON.stringify({ ...config, max_position_embeddings: 4096 }));
  const gguf = path.join(dir, "tiny-gemma.gguf");
  await runPythonModule("trainer", ["export-gguf", checkpoint, "--out", gguf]);
  return gguf;
}
