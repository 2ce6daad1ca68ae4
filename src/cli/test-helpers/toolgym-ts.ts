// The toolgym CLI from source, for tests that need it as a process (MCP over stdio, signals):
// `node --import tsx src/cli/test-helpers/toolgym-ts.ts ARGS…`.
import { main } from "../main.js";

await main(process.argv);
