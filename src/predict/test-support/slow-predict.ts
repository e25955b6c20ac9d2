// Child process for the kill test: predictions from a scripted model slow enough to be killed midway.
import { readDataset } from "../../dataset/index.js";
import { ScriptedLanguageModel } from "../../serve/test-support/index.js";
import { runPredict } from "../run-predict.js";
import { perfectReply } from "./weather-dataset.js";

const [data, out] = process.argv.slice(2);
await runPredict({
  model: new ScriptedLanguageModel({ reply: perfectReply, delayMs: 40 }),
  records: await readDataset(data as string),
  out: out as string,
  concurrency: 2,
});
