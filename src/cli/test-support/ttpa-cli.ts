// The `ttpa` CLI as bin/ttpa.js runs it, but from the sources (no build): for tests that need a real process.
import { main } from "../main.js";

process.exitCode = await main(process.argv.slice(2));
