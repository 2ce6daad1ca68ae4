// The toolgym CLI from source, for tests that need it as a process (MCP over stdio, signals):
// `node --import tsx src/cli/test-helpers/toolgym-ts.ts ARGS…`. With TOOLGYM_TEST_MAX_RSS set,
// it prints the process's peak resident memory on exit, as `max-rss-kib N` on stderr.
import { main } from "../main.js";

if (process.env.TOOLGYM_TEST_MAX_RSS) {
  process.on("exit", () => {
    process.stderr.write(`max-rss-kib ${process.resourceUsage().maxRSS}\n`);
  });
}
await main(process.argv);
