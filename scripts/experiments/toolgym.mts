// The toolgym CLI straight from the sources (no build step): `npx tsx scripts/experiments/toolgym.mts …`.
import { main } from "../../src/cli/main.js";

await main(process.argv);
