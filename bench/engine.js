// The built-in engine against the PyTorch peer (../shared/bench/torch_gpt_reference.py, run with
// /usr/bin/python3) on the same configurations, in the same run: training tokens/s (forward +
// backward + AdamW, cross-entropy on every position) and sampled tokens/s (batch 16, 64 new
// tokens after a 16-token prompt, KV cache, temperature 0.8). Run: npm run bench:engine
//
// The engine runs once with every matrix kernel that loads here (openblas, native, wasm,
// portable), each on two threads where it has threads. Each round runs the peer, then the engine
// with each kernel; the best round of each is reported, so a burst of load on a shared machine
// does not decide a ratio. Settings (environment):
//   TOOLGYM_BENCH_ROUNDS   rounds per configuration (default 2)
//   TOOLGYM_BENCH_CONFIGS  comma-separated labels to run (default all: d128,d256)
//   TOOLGYM_BENCH_KERNELS  comma-separated kernels to measure (default all that load:
//                          openblas,native,wasm,portable; portable only on d128 by default, where
//                          it takes about a minute a round — it is ten times slower than wasm)
//   TOOLGYM_PYTHON         interpreter for the peer (default /usr/bin/python3)
//   TOOLGYM_TORCH_PEER     path of the peer script (default ../shared/bench/torch_gpt_reference.py)
//   TOOLGYM_KERNEL         the kernel the model would choose (auto, openblas, native, wasm,
//                          portable), as everywhere: its figures head the JSON line
// Prints a table, then one line of JSON: the chosen kernel's ratios at the top level, and
// "kernels": {"<name>": {"train_ratio", "sample_ratio", ...}} for every kernel measured.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AdamW, Gpt, loadKernel, maskedMeanNll, Sampler, SeededRng } from "../dist/model/index.js";
import { describeKernel, KERNEL_NAMES } from "../dist/model/kernels/load-kernel.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const python = process.env.TOOLGYM_PYTHON ?? "/usr/bin/python3";
const peerScript =
  process.env.TOOLGYM_TORCH_PEER ??
  resolve(root, "..", "shared", "bench", "torch_gpt_reference.py");
const rounds = Number(process.env.TOOLGYM_BENCH_ROUNDS ?? 2);

// The configuration, and the larger one (head size 32 in both).
const CONFIGS = [
  { label: "d128", vocab: 512, ctx: 128, d: 128, layers: 4, heads: 4, batch: 16, steps: 10 },
  { label: "d256", vocab: 512, ctx: 256, d: 256, layers: 6, heads: 8, batch: 16, steps: 5 },
];
const SAMPLE = { batch: 16, prompt: 16, tokens: 64, temperature: 0.8 };
const wanted = (process.env.TOOLGYM_BENCH_CONFIGS ?? CONFIGS.map((c) => c.label).join(",")).split(
  ",",
);

/** The kernel the model would use here (TOOLGYM_KERNEL, else the fastest that loads). */
const chosen = loadKernel();
const kernelsWanted = process.env.TOOLGYM_BENCH_KERNELS?.split(",");
/** Every kernel to measure that loads, fastest kind first; each counts its FLOPs. */
const kernels = [];
for (const name of [...KERNEL_NAMES].reverse()) {
  if (kernelsWanted !== undefined && !kernelsWanted.includes(name)) continue;
  let base;
  try {
    base = name === chosen.name ? chosen : loadKernel({ kernel: name });
  } catch (error) {
    console.log(`kernel ${name}: not measured, ${error.message.split(". ")[0]}`);
    continue;
  }
  kernels.push(countingKernel(base));
}
const counter = { on: false, flop: 0 };

/** `base`, counting matrix FLOPs while `counter.on` is set. */
function countingKernel(base) {
  return {
    name: base.name,
    description: describeKernel(base),
    sgemm(p) {
      if (counter.on) counter.flop += 2 * p.m * p.n * p.k;
      base.sgemm(p);
    },
    // The optional entry points the model uses where the kernel has them (batched attention
    // products, decode-step attention): dropping them would measure another code path.
    ...(base.sgemmBatch && {
      sgemmBatch(p) {
        if (counter.on) counter.flop += 2 * p.m * p.n * p.k * p.count;
        base.sgemmBatch(p);
      },
    }),
    ...(base.cachedAttention && { cachedAttention: (p) => base.cachedAttention(p) }),
  };
}

/** Whether `kernel` runs on `cfg` (portable only on d128 unless asked for by name). */
function measures(kernel, cfg) {
  return kernel.name !== "portable" || cfg.label === "d128" || kernelsWanted !== undefined;
}

function runPeer(cfg) {
  if (!existsSync(python)) return { missing: `${python} not found` };
  if (!existsSync(peerScript)) return { missing: `${peerScript} not found` };
  const args = [
    peerScript,
    ...["--vocab", cfg.vocab, "--ctx", cfg.ctx, "--d", cfg.d, "--layers", cfg.layers],
    ...["--heads", cfg.heads, "--batch", cfg.batch, "--steps", cfg.steps],
    ...["--sample-batch", SAMPLE.batch, "--sample-tokens", SAMPLE.tokens],
  ].map(String);
  const run = spawnSync(python, args, { encoding: "utf8", timeout: 600_000 });
  const line = run.stdout?.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line);
  } catch {
    const why = (run.stderr || run.error?.message || "no output").trim().split("\n").pop();
    return { missing: `the PyTorch peer failed: ${why}` };
  }
}

/** Timed the way the peer times itself: 2 warm-up steps, then the mean of `steps` steps. */
function runEngine(cfg, kernel) {
  const config = {
    vocabSize: cfg.vocab,
    ctx: cfg.ctx,
    dModel: cfg.d,
    nLayer: cfg.layers,
    nHead: cfg.heads,
  };
  const model = new Gpt({ config, kernel, seed: 0 });
  const opt = new AdamW({ model, beta1: 0.9, beta2: 0.95, weightDecay: 0.1 });
  const rng = new SeededRng(1);
  const B = cfg.batch;
  const T = cfg.ctx;
  const tokens = Int32Array.from({ length: B * T }, () => rng.nextInt(cfg.vocab));
  const targets = Int32Array.from({ length: B * T }, () => rng.nextInt(cfg.vocab));
  const step = () => {
    model.zeroGrad();
    const { grad } = maskedMeanNll(model.forward({ tokens, targets, B, T }).logprobs);
    model.backward(grad);
    opt.step({ lr: 3e-4 });
  };
  step();
  counter.flop = 0;
  counter.on = true;
  step();
  counter.on = false;
  const trainFlop = counter.flop;
  const t0 = performance.now();
  for (let i = 0; i < cfg.steps; i++) step();
  const trainS = (performance.now() - t0) / 1000 / cfg.steps;

  const sampler = new Sampler(model);
  const prompts = Array.from({ length: SAMPLE.batch }, () =>
    Array.from({ length: SAMPLE.prompt }, () => rng.nextInt(cfg.vocab)),
  );
  const sample = (seed) =>
    sampler.generate({
      prompts,
      maxNewTokens: SAMPLE.tokens,
      temperature: SAMPLE.temperature,
      seed,
    });
  sample(1);
  counter.flop = 0;
  counter.on = true;
  const t1 = performance.now();
  sample(2);
  const sampleS = (performance.now() - t1) / 1000;
  counter.on = false;
  return {
    params: model.parameterCount,
    train_ms_per_step: trainS * 1000,
    train_tokens_per_s: (B * T) / trainS,
    train_gflops: trainFlop / trainS / 1e9,
    sample_tokens_per_s: (SAMPLE.batch * SAMPLE.tokens) / sampleS,
    sample_gflops: counter.flop / sampleS / 1e9,
  };
}

const better = (a, b, key) => (a === undefined || (b[key] ?? 0) > (a[key] ?? 0) ? b : a);
const fmt = (x, digits = 0) => (x === undefined || x === null ? "—" : x.toFixed(digits));
const ratio = (ours, theirs) => (theirs ? ours / theirs : null);

const results = {};
for (const cfg of CONFIGS.filter((c) => wanted.includes(c.label))) {
  let peerTrain;
  let peerSample;
  let missing;
  const eng = {};
  const measured = kernels.filter((kernel) => measures(kernel, cfg));
  for (let r = 0; r < rounds; r++) {
    const peer = runPeer(cfg);
    if (peer.missing) missing = peer.missing;
    else {
      peerTrain = better(peerTrain, peer, "train_tokens_per_s");
      peerSample = better(peerSample, peer, "sample_tokens_per_s");
    }
    for (const kernel of measured) {
      const run = runEngine(cfg, kernel);
      eng[kernel.name] ??= {};
      eng[kernel.name].train = better(eng[kernel.name].train, run, "train_tokens_per_s");
      eng[kernel.name].sample = better(eng[kernel.name].sample, run, "sample_tokens_per_s");
    }
  }
  const perKernel = {};
  for (const kernel of measured) {
    const { train, sample } = eng[kernel.name];
    perKernel[kernel.name] = {
      kernel: kernel.description,
      train_tokens_per_s: train.train_tokens_per_s,
      torch_train_tokens_per_s: peerTrain?.train_tokens_per_s ?? null,
      train_ratio: ratio(train.train_tokens_per_s, peerTrain?.train_tokens_per_s),
      sample_tokens_per_s: sample.sample_tokens_per_s,
      torch_sample_tokens_per_s: peerSample?.sample_tokens_per_s ?? null,
      sample_ratio: ratio(sample.sample_tokens_per_s, peerSample?.sample_tokens_per_s),
      train_ms_per_step: train.train_ms_per_step,
      torch_train_ms_per_step: peerTrain?.train_ms_per_step ?? null,
      train_gflops: train.train_gflops,
      sample_gflops: sample.sample_gflops,
      params: train.params,
    };
  }
  const peerName = peerTrain ? peerTrain.engine : `missing (${missing})`;
  results[cfg.label] = { kernels: perKernel, peer: peerName };
  const c = cfg;
  console.log(
    `\n${c.label}: vocab ${c.vocab}, ctx ${c.ctx}, d ${c.d}, ${c.layers} layers, ${c.heads} heads, ` +
      `batch ${c.batch}; sampling ${SAMPLE.batch} × ${SAMPLE.tokens} tokens after ${SAMPLE.prompt} ` +
      `(best of ${rounds} round${rounds === 1 ? "" : "s"})`,
  );
  console.log(
    `  peer: ${peerName}    params: ${measured.length ? perKernel[measured[0].name].params : "—"}`,
  );
  console.log(
    "  kernel                                          train tok/s  ratio   sample tok/s  ratio   ms/step  GFLOP/s train, sample",
  );
  for (const [name, res] of Object.entries(perKernel)) {
    const mark = name === chosen.name ? "*" : " ";
    console.log(
      `${mark} ${res.kernel.padEnd(46)}  ${fmt(res.train_tokens_per_s).padStart(11)}  ${fmt(res.train_ratio, 2).padStart(5)}  ` +
        `${fmt(res.sample_tokens_per_s).padStart(13)}  ${fmt(res.sample_ratio, 2).padStart(5)}  ` +
        `${fmt(res.train_ms_per_step, 1).padStart(7)}  ${fmt(res.train_gflops, 1)}, ${fmt(res.sample_gflops, 1)}`,
    );
  }
  console.log(
    `  torch                                           ${fmt(peerTrain?.train_tokens_per_s).padStart(11)}         ${fmt(peerSample?.sample_tokens_per_s).padStart(13)}`,
  );
  console.log(`  (* the kernel the model uses here: ${describeKernel(chosen)})`);
}

const summaryOf = (r) => ({
  train_ratio: r.train_ratio,
  sample_ratio: r.sample_ratio,
  train_tokens_per_s: r.train_tokens_per_s,
  torch_train_tokens_per_s: r.torch_train_tokens_per_s,
  sample_tokens_per_s: r.sample_tokens_per_s,
  torch_sample_tokens_per_s: r.torch_sample_tokens_per_s,
  train_gflops: r.train_gflops,
});
const mainResults = results.d128 ?? Object.values(results)[0];
const main = mainResults?.kernels[chosen.name];
const summary = {
  train_ratio: main?.train_ratio ?? null,
  sample_ratio: main?.sample_ratio ?? null,
  train_tokens_per_s: main?.train_tokens_per_s ?? null,
  torch_train_tokens_per_s: main?.torch_train_tokens_per_s ?? null,
  sample_tokens_per_s: main?.sample_tokens_per_s ?? null,
  torch_sample_tokens_per_s: main?.torch_sample_tokens_per_s ?? null,
  train_gflops: main?.train_gflops ?? null,
  kernel: chosen.name,
  kernel_detail: describeKernel(chosen),
  peer: mainResults?.peer ?? null,
  // Every kernel measured, on the first configuration run (d128 by default).
  kernels: Object.fromEntries(
    Object.entries(mainResults?.kernels ?? {}).map(([name, r]) => [
      name,
      { detail: r.kernel, ...summaryOf(r) },
    ]),
  ),
  configs: Object.fromEntries(
    Object.entries(results).map(([label, r]) => [
      label,
      {
        ...(r.kernels[chosen.name] ? summaryOf(r.kernels[chosen.name]) : {}),
        kernels: Object.fromEntries(
          Object.entries(r.kernels).map(([name, k]) => [
            name,
            { train_ratio: k.train_ratio, sample_ratio: k.sample_ratio },
          ]),
        ),
      },
    ]),
  ),
};
const round = (_key, value) => (typeof value === "number" ? Number(value.toPrecision(4)) : value);
console.log(JSON.stringify(summary, round));
