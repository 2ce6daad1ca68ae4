// The sandbox's figures: warm tool calls per second on one core (goal ≥ 100,000) and the set-up
// time of a fresh environment (goal ≤ 1 ms). Runs on the compiled package (dist/): `npm run build`,
// then `node bench/sandbox.js`, which prints a table and one line of JSON; bench/runtime.js calls
// benchSandbox(). Each figure is the best of several rounds (the machine's noise only ever adds
// time), with the median beside it; the load average says how busy the machine was.
//
// A fresh environment is timed two ways: with code the sandbox has not seen (each load's code
// differs by a comment, so its tools are compiled: the cost of a new environment) and with the
// same code again (restored from the sandbox's cache of loaded images: the cost of another
// sample of an environment).
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { createSandbox } from "../dist/sandbox/index.js";

/** Three tools in the shape envgen writes: a lookup, a filter over a table, arithmetic. */
const TOOLS = {
  get_weather: `const TEMPS = { paris: 18, london: 12, tokyo: 21 };
function get_weather(args) {
  const temp = TEMPS[String(args.city).toLowerCase()];
  return temp === undefined ? { error: "unknown city" } : { city: args.city, temperature_c: temp };
}`,
  search_flights: `const FLIGHTS = [
  { from: "PAR", to: "LON", price: 120 }, { from: "PAR", to: "NYC", price: 540 },
  { from: "LON", to: "NYC", price: 480 }, { from: "PAR", to: "TYO", price: 910 },
];
function search_flights({ from, to }) {
  return FLIGHTS.filter((f) => f.from === from && (to === undefined || f.to === to));
}`,
  convert_currency: `const RATES = { EUR: 1, USD: 1.08, GBP: 0.85 };
function convert_currency({ amount, from, to }) {
  return { amount: Math.round((amount / RATES[from]) * RATES[to] * 100) / 100, currency: to };
}`,
};

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { best: sorted[0], median: sorted[Math.floor(sorted.length / 2)] };
}

/** Microseconds per call of `fn`, over `rounds` rounds of `perRound` calls. */
function timeRounds(fn, rounds, perRound) {
  for (let i = 0; i < perRound; i++) fn(i); // warm up: JIT, lazy WebAssembly compilation
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < perRound; i++) fn(i);
    samples.push(((performance.now() - start) * 1000) / perRound);
  }
  return stats(samples);
}

export async function benchSandbox() {
  const sandbox = await createSandbox();
  try {
    const tools = sandbox.load(TOOLS);
    const args = [{ city: "Paris" }, { city: "london" }, { city: "Tokyo" }];
    const call = (i) => {
      const result = tools.call("get_weather", args[i % 3]);
      if (!result.ok) throw new Error(result.error.message);
    };
    const warmCall = timeRounds(call, 15, 20_000);
    const filterCall = timeRounds(
      (i) => tools.call("search_flights", { from: i % 2 ? "PAR" : "LON" }),
      5,
      10_000,
    );
    tools.dispose();

    let copy = 0;
    const unseen = () =>
      Object.fromEntries(
        Object.entries(TOOLS).map(([name, code]) => [name, `${code}\n// copy ${copy++}`]),
      );
    const load = timeRounds(() => sandbox.load(unseen()).dispose(), 15, 100);
    const cachedLoad = timeRounds(() => sandbox.load(TOOLS).dispose(), 15, 100);
    // The fixed part of every environment, with no tool code at all: its engine set to the
    // sandbox's pristine image (QuickJS runtime, context and call harness), and the teardown.
    const emptyLoad = timeRounds(() => sandbox.load({}).dispose(), 15, 100);
    // Fifty environments alive at once: more than the sandbox's engines, so some take turns.
    const loadOnly = (code) => {
      const samples = [];
      for (let r = 0; r < 15; r++) {
        const loaded = [];
        const start = performance.now();
        for (let i = 0; i < 50; i++) loaded.push(sandbox.load(code()));
        samples.push(((performance.now() - start) * 1000) / 50);
        for (const t of loaded) t.dispose();
      }
      return stats(samples);
    };
    const setup = loadOnly(unseen);
    const cachedSetup = loadOnly(() => TOOLS);
    return {
      warmCallsPerSecond: 1e6 / warmCall.best,
      warmCallUs: warmCall,
      filterCallUs: filterCall,
      freshEnvironmentMs: setup.best / 1000,
      freshEnvironmentUs: setup,
      cachedEnvironmentUs: cachedSetup,
      loadAndDisposeUs: load,
      cachedLoadAndDisposeUs: cachedLoad,
      emptyLoadAndDisposeUs: emptyLoad,
      loadAverage: loadavg()[0],
    };
  } finally {
    sandbox.dispose();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const f = await benchSandbox();
  const us = (s) => `${s.best.toFixed(2)} µs (median ${s.median.toFixed(2)})`;
  console.log(
    `warm call, get_weather     ${us(f.warmCallUs)}  → ${Math.round(f.warmCallsPerSecond).toLocaleString()} calls/s (goal ≥ 100,000)`,
  );
  console.log(`warm call, search_flights  ${us(f.filterCallUs)}`);
  console.log(`fresh environment (3 tools) ${us(f.freshEnvironmentUs)} (goal ≤ 1 ms)`);
  console.log(`  same code again (cached)  ${us(f.cachedEnvironmentUs)}`);
  console.log(`load + dispose             ${us(f.loadAndDisposeUs)}`);
  console.log(`  same code again (cached)  ${us(f.cachedLoadAndDisposeUs)}`);
  console.log(`  no tools at all           ${us(f.emptyLoadAndDisposeUs)}`);
  console.log(`load average               ${f.loadAverage.toFixed(2)}`);
  console.log(
    JSON.stringify({
      sandbox_calls_per_s: Math.round(f.warmCallsPerSecond),
      sandbox_call_us_median: Number(f.warmCallUs.median.toFixed(2)),
      env_setup_ms: Number(f.freshEnvironmentMs.toFixed(4)),
      env_setup_ms_median: Number((f.freshEnvironmentUs.median / 1000).toFixed(4)),
      env_setup_cached_ms: Number((f.cachedEnvironmentUs.best / 1000).toFixed(4)),
      empty_environment_us: Number(f.emptyLoadAndDisposeUs.best.toFixed(1)),
      load_average: Number(f.loadAverage.toFixed(2)),
    }),
  );
}
