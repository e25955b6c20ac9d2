// Child process for the resume test: the `ttpa` CLI as bin/ttpa.js runs it, from the sources (no build needed).
import { main } from "../../cli/main.js";

process.exitCode = await main(process.argv.slice(2));
