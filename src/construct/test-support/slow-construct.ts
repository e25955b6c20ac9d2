// Child process for the kill test: a simulator run slowed down a little so it can be killed midway.
import { loadToolset } from "../../tools/index.js";
import type { StageContext } from "../conversation-generator.js";
import { runConstruct } from "../run-construct.js";
import { SimulatorGenerator } from "../simulator/index.js";

class SlowSimulator extends SimulatorGenerator {
  override async scenario(context: StageContext) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    return super.scenario(context);
  }
}

const [toolset, out, count] = process.argv.slice(2);
const tools = await loadToolset(toolset!);
await runConstruct({
  generator: new SlowSimulator(),
  tools,
  out: out!,
  count: Number(count),
  seed: 11,
  concurrency: 4,
});
