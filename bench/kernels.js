// GFLOP/s of every matrix kernel that loads here, at the shapes the built-in model runs and at
// 1024³, plus the cost of one call on a tiny product. Run: npm run bench:kernels
// (TOOLGYM_BENCH_SECONDS sets the time spent per measurement, default 0.3).
// Prints a table, then one line of JSON. Figures are only as good as the machine is idle; on a
// shared machine TOOLGYM_BENCH_CLOCK=cpu times by this process's CPU time instead of the wall
// clock, which holds for the one-thread kernels only (threads' spinning counts as work).
import { cpus, loadavg } from "node:os";
import { defaultAddonPath, describeKernel, loadKernel } from "../dist/model/kernels/load-kernel.js";
import { loadNativeKernel, nativeIsas } from "../dist/model/kernels/native-kernel.js";
import { portableKernel } from "../dist/model/kernels/portable-kernel.js";
import { loadWasmKernel } from "../dist/model/kernels/wasm-kernel.js";

const seconds = Number(process.env.TOOLGYM_BENCH_SECONDS ?? 0.3);
const cpuClock = process.env.TOOLGYM_BENCH_CLOCK === "cpu";
/** Milliseconds, by the wall clock or by this process's CPU time. */
function now() {
  if (!cpuClock) return performance.now();
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

// The benchmark configuration of issue 4: batch 16 × ctx 128 = 2048 tokens, d 128, 4 heads of
// 32, MLP 512, vocab 512; and the larger one, 16 × 256 tokens, d 256, 8 heads.
const SHAPES = [
  { label: "qkv projection fwd", m: 2048, n: 384, k: 128 },
  { label: "MLP up fwd", m: 2048, n: 512, k: 128 },
  { label: "MLP down fwd", m: 2048, n: 128, k: 512 },
  { label: "logits (x·wteᵀ)", m: 2048, n: 512, k: 128, transB: true },
  { label: "weight grad (xᵀ·dy)", m: 128, n: 384, k: 2048, transA: true },
  { label: "attention q·kᵀ per head", m: 128, n: 128, k: 32, transB: true },
  { label: "attention p·v per head", m: 128, n: 32, k: 128 },
  { label: "sampling step qkv (16 rows)", m: 16, n: 384, k: 128 },
  { label: "d256 MLP up fwd", m: 4096, n: 1024, k: 256 },
  { label: "square", m: 1024, n: 1024, k: 1024 },
];

function filled(length) {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = ((i * 7919) % 1000) / 1000 - 0.5;
  return out;
}

/** Best of three timed rounds, each repeating the product for about `seconds` / 3. */
function measure(kernel, { m, n, k, transA = false, transB = false }) {
  const params = { a: filled(m * k), b: filled(k * n), c: new Float32Array(m * n), m, n, k };
  Object.assign(params, { transA, transB });
  const flop = 2 * m * n * k;
  kernel.sgemm(params); // warm up (JIT, OpenBLAS thread start)
  const t0 = now();
  kernel.sgemm(params);
  const once = Math.max(now() - t0, 1e-3);
  const reps = Math.max(1, Math.round((seconds * 1000) / 3 / once));
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const start = now();
    for (let i = 0; i < reps; i++) kernel.sgemm(params);
    best = Math.min(best, (now() - start) / reps);
  }
  return { gflops: flop / best / 1e6, ms: best };
}

/** Microseconds per call of a 4×4×4 product: what the model pays per small call. */
function callOverhead(kernel) {
  const params = { a: filled(16), b: filled(16), c: new Float32Array(16), m: 4, n: 4, k: 4 };
  for (let i = 0; i < 10_000; i++) kernel.sgemm(params);
  const calls = 200_000;
  const start = performance.now();
  for (let i = 0; i < calls; i++) kernel.sgemm(params);
  return ((performance.now() - start) * 1000) / calls;
}

const best = loadKernel();
const kernels = [
  { label: "portable", kernel: portableKernel },
  { label: "wasm", kernel: loadWasmKernel() },
  { label: "wasm-2threads", kernel: loadWasmKernel({ threads: 2 }) },
];
// toolgym's own SGEMM, every micro-kernel set this CPU runs, on one and two threads.
const gemmPath = defaultAddonPath("toolgym_gemm");
for (const isa of nativeIsas(gemmPath)) {
  for (const threads of [1, 2]) {
    const kernel = loadNativeKernel({ addonPath: gemmPath, isa, threads });
    kernels.push({ label: `native-${isa}${threads === 2 ? "-2threads" : ""}`, kernel });
  }
}
if (best.name === "openblas") kernels.push({ label: "openblas", kernel: best });
await new Promise((resolve) => setTimeout(resolve, 500)); // let the wasm worker thread start

const header = ["shape (m×n×k)", "what", ...kernels.map(({ label }) => `${label} GFLOP/s`)];
process.stdout.write(`the model uses here: ${describeKernel(best)}\n${header.join("\t")}\n`);
const results = {};
for (const shape of SHAPES) {
  const key = `${shape.m}x${shape.n}x${shape.k}${shape.transA ? "-tA" : ""}${shape.transB ? "-tB" : ""}`;
  const row = [key, shape.label];
  for (const { label, kernel } of kernels) {
    const { gflops } = measure(kernel, shape);
    results[label] ??= {};
    results[label][key] = Number(gflops.toFixed(2));
    row.push(gflops.toFixed(2));
  }
  process.stdout.write(`${row.join("\t")}\n`);
}
const overheadUs = {};
for (const { label, kernel } of kernels)
  overheadUs[label] = Number(callOverhead(kernel).toFixed(3));
process.stdout.write(`µs per 4×4×4 call: ${JSON.stringify(overheadUs)}\n`);

const summary = {
  bench: "kernels",
  selected: best.name,
  selected_detail: describeKernel(best),
  openblas: best.name === "openblas" ? { corename: best.corename, threads: best.threads } : null,
  cpu: cpus()[0]?.model,
  cores: cpus().length,
  clock: cpuClock ? "cpu" : "wall",
  // Other work on the machine skews every figure; compare runs only at a similar load.
  load_average_1min: Number(loadavg()[0].toFixed(2)),
  gflops: results,
  call_overhead_us: overheadUs,
};
const square = (name) => results[name]?.["1024x1024x1024"];
summary.wasm_over_portable_1024 = Number((square("wasm") / square("portable")).toFixed(1));
const nativeBest = kernels.find(({ label }) => /^native-.*-2threads$/.test(label));
if (nativeBest !== undefined) {
  summary.native_over_portable_1024 = Number(
    (square(nativeBest.label) / square("portable")).toFixed(1),
  );
}
if (results.openblas) {
  summary.openblas_over_portable_1024 = Number(
    (square("openblas") / square("portable")).toFixed(1),
  );
}
process.stdout.write(`${JSON.stringify(summary)}\n`);
