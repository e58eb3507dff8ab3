import { main } from "./cli.ts";

// The agent's process: the command line's exit code; an error that escapes is one line, exit 1.
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`delivery-agent: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
}
