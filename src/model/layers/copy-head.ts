import type { MatmulKernel } from "../kernels/kernel.js";
import { sgemmBatch } from "../kernels/sgemm-batch.js";
import { matchBias, SuffixMatch, suffixMatchLength } from "./suffix-match.js";

/**
 * The copy head (see `ModelConfig.copyHead`): at position t the final state z_t attends to the
 * earlier final states z_j (j < t) with query z_t·Wq and keys z_j·Wk, and the model's
 * distribution over the next token becomes
 *
 *   p(v) = g_t · softmax(logits_t)(v) + (1 − g_t) · Σ_{j<t, x_{j+1} = v} α_{t,j},
 *   α_t = softmax_j(q_t·k_j / √C),   g_t = sigmoid(z_t·w_g + b_g),
 *
 * so "what followed a state like mine" can be emitted whatever the vocabulary head thinks. At
 * t = 0 there is nothing to copy and p is the vocabulary head's. With `copyKeyNext` the key
 * also reads the state of the token it would copy: k_j = z_j·Wk + z_{j+1}·Wkn (every j < t has
 * its x_{j+1}, so z_{j+1} exists wherever k_j is read). With `copyMatch` (M levels) score j of
 * row t also gets Σ_{i ≤ m(t,j)} w_i, where m(t,j) ≤ M is how many ids end at both t and j alike
 * (x_{t−i} = x_{j−i} for i < m): a span being copied continues from where it was copied. With
 * `copyGatePointed` the gate also reads the states the head points at: its pre-activation gets
 * Σ_j α_{t,j}·u_{j+1}, u_p = z_p·w_p (a scalar per position).
 *
 * Training needs p only at the targets: the forward pass turns log softmax(logits)(y) into
 * log p(y), the backward pass splits ∂loss/∂log p(y) into the vocabulary head's part (passed
 * on to the usual log-softmax backward) and the copy head's gradients. The T × T products are
 * kernel GEMMs; the rest is O(B·T·T) element-wise work in plain loops.
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab; N = B·T rows.
 */

/** The copy head's parameters (views of the model's, or of its gradients). */
export interface CopyHeadTensors {
  /** (C, C) */
  readonly copyQ: Float32Array;
  /** (C, C) */
  readonly copyK: Float32Array;
  /** (C) */
  readonly copyGateW: Float32Array;
  /** (1) */
  readonly copyGateB: Float32Array;
  /** (C, C) the next state's key map, empty without `copyKeyNext` */
  readonly copyKn: Float32Array;
  /** (M) the scores' bias per level of suffix match, empty without `copyMatch` */
  readonly copyMatch: Float32Array;
  /** (C) the gate's map of the pointed-at states, empty without `copyGatePointed` */
  readonly copyGateP: Float32Array;
}

/** What the forward pass keeps for the backward pass, and its scratch. */
export interface CopyHeadActivations {
  /** (N, C) queries, then their gradient */
  readonly q: Float32Array;
  /** (N, C) keys */
  readonly k: Float32Array;
  /** (B, T, T) attention weights (0 at j ≥ t), then the scores' gradient */
  readonly alpha: Float32Array;
  /** (N) the gate g */
  readonly gate: Float32Array;
  /** (N) log softmax(logits)(y): the vocabulary head's log-prob of the target */
  readonly vocabLogprob: Float32Array;
  /** (N) Σ α over the positions whose next token is the target */
  readonly copyProb: Float32Array;
  /** (N, C) the keys' gradient */
  readonly dk: Float32Array;
  /** (N, C) ∂loss/∂z through the copy head, added to the final LayerNorm's output gradient */
  readonly dz: Float32Array;
  /** (N, C) with `copyKeyNext`: z·Wkn, then the shifted keys' gradient (empty without) */
  readonly kn: Float32Array;
  /** (N) with `copyGatePointed`: u_p = z_p·w_p, what the gate reads of a pointed-at state p */
  readonly pointed: Float32Array;
  /** (N) with `copyGatePointed`: ∂loss/∂u_p */
  readonly pointedGrad: Float32Array;
}

export interface CopyHeadForward {
  readonly kernel: MatmulKernel;
  readonly params: CopyHeadTensors;
  readonly acts: CopyHeadActivations;
  /** @param z (N, C) the final LayerNorm's output */
  readonly z: Float32Array;
  /** @param tokens (B, T) input ids: x_{j+1} is what position j's state was followed by */
  readonly tokens: Int32Array;
  readonly targets: Int32Array;
  readonly mask: Uint8Array;
  /** @param logprobs (N) in: the vocabulary head's log-prob of each target; out: log p(y) */
  readonly logprobs: Float32Array;
  readonly B: number;
  readonly T: number;
  readonly C: number;
}

export function copyHeadForward(args: CopyHeadForward): void {
  const { kernel, params, acts, z, tokens, targets, mask, logprobs, B, T, C } = args;
  const N = B * T;
  kernel.sgemm({ a: z, b: params.copyQ, c: acts.q, m: N, n: C, k: C, beta: 0 });
  kernel.sgemm({ a: z, b: params.copyK, c: acts.k, m: N, n: C, k: C, beta: 0 });
  if (params.copyKn.length > 0) {
    kernel.sgemm({ a: z, b: params.copyKn, c: acts.kn, m: N, n: C, k: C, beta: 0 });
    for (let b = 0; b < B; b++) {
      for (let i = b * T * C; i < ((b + 1) * T - 1) * C; i++) acts.k[i] += acts.kn[i + C];
    }
  }
  sgemmBatch(kernel, {
    a: acts.q,
    b: acts.k,
    c: acts.alpha,
    m: T,
    n: T,
    k: C,
    transB: true,
    alpha: 1 / Math.sqrt(C),
    beta: 0,
    count: B,
    strideA: T * C,
    strideB: T * C,
    strideC: T * T,
  });
  const gateB = params.copyGateB[0];
  const matching = new SuffixMatch(params.copyMatch, T);
  const pointed = params.copyGateP.length > 0;
  if (pointed) rowDots(z, params.copyGateP, acts.pointed, N, C);
  for (let b = 0; b < B; b++) {
    matching.addBias(tokens, b, acts.alpha);
    for (let t = 0; t < T; t++) {
      const n = b * T + t;
      const row = n * T;
      causalSoftmaxRow(acts.alpha, row, t, T);
      let s = gateB;
      for (let c = 0; c < C; c++) s += z[n * C + c] * params.copyGateW[c];
      if (pointed) s += pointedMean(acts.alpha, row, acts.pointed, b * T + 1, t);
      const g = t === 0 ? 1 : sigmoid(s);
      acts.gate[n] = g;
      acts.vocabLogprob[n] = logprobs[n];
      if (mask[n] === 0) continue;
      let pc = 0;
      for (let j = 0; j < t; j++) {
        if (tokens[b * T + j + 1] === targets[n]) pc += acts.alpha[row + j];
      }
      acts.copyProb[n] = pc;
      logprobs[n] = mixedLogprob(g, logprobs[n], pc);
    }
  }
}

export interface CopyHeadBackward {
  readonly kernel: MatmulKernel;
  readonly params: CopyHeadTensors;
  /** ∂loss/∂params of the copy head, accumulated (+=) */
  readonly grads: CopyHeadTensors;
  readonly acts: CopyHeadActivations;
  readonly z: Float32Array;
  readonly tokens: Int32Array;
  readonly targets: Int32Array;
  readonly mask: Uint8Array;
  /** @param dlogprobs (N) in: ∂loss/∂log p(y); out: ∂loss/∂(the vocabulary head's log-prob) */
  readonly dlogprobs: Float32Array;
  readonly B: number;
  readonly T: number;
  readonly C: number;
}

/**
 * With P = g·p_v + (1 − g)·p_c and D = ∂loss/∂log P: the vocabulary head's log-prob gets
 * D·g·p_v / P, the gate's pre-activation D·(p_v − p_c)·g(1 − g) / P, and score j of row t
 * α_j·D·(1 − g)/P·(1[x_{j+1} = y] − p_c) (the softmax's backward, Σ_k α_k·∂α_k being
 * D·(1 − g)·p_c / P).
 */
export function copyHeadBackward(args: CopyHeadBackward): void {
  const { kernel, params, grads, acts, z, tokens, targets, mask, dlogprobs, B, T, C } = args;
  const N = B * T;
  const dgate = new Float64Array(N);
  const matching = new SuffixMatch(params.copyMatch, T);
  const pointed = params.copyGateP.length > 0;
  if (pointed) acts.pointedGrad.fill(0);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const n = b * T + t;
      const row = n * T;
      const D = dlogprobs[n];
      if (t === 0 || mask[n] === 0 || D === 0) {
        acts.alpha.fill(0, row, row + T);
        continue;
      }
      const g = acts.gate[n];
      const pc = acts.copyProb[n];
      const lpv = acts.vocabLogprob[n];
      // P = g·p_v where pc is 0: the vocabulary head's share is 1, the gate's D·(1 − g), and
      // the scores matter only through what the gate reads of the pointed-at states.
      let scale = 0;
      if (pc === 0) {
        dgate[n] = D * (1 - g);
      } else {
        const pv = Math.exp(lpv);
        const P = g * pv + (1 - g) * pc;
        dlogprobs[n] = (D * g * pv) / P;
        dgate[n] = (D * (pv - pc) * g * (1 - g)) / P;
        scale = (D * (1 - g)) / P;
      }
      if (scale === 0 && !pointed) {
        acts.alpha.fill(0, row, row + T);
        continue;
      }
      // The gate's Σ_j α_j·u_{j+1}: score j gets α_j·dgate·(u_{j+1} − Σ_k α_k·u_{k+1}).
      const mean = pointed ? pointedMean(acts.alpha, row, acts.pointed, b * T + 1, t) : 0;
      for (let j = 0; j < t; j++) {
        const a = acts.alpha[row + j];
        const hit = tokens[b * T + j + 1] === targets[n] ? 1 : 0;
        let ds = scale === 0 ? 0 : a * scale * (hit - pc);
        if (pointed) {
          ds += a * dgate[n] * (acts.pointed[b * T + j + 1] - mean);
          acts.pointedGrad[b * T + j + 1] += a * dgate[n];
        }
        acts.alpha[row + j] = ds;
      }
      acts.alpha.fill(0, row + t, row + T);
    }
    matching.addGradient(tokens, b, acts.alpha, grads.copyMatch);
  }
  // dK = dSᵀ·Q / √C first: Q's buffer then takes dQ = dS·K / √C.
  const batch = { count: B, strideA: T * T, strideB: T * C, strideC: T * C };
  sgemmBatch(kernel, {
    a: acts.alpha,
    b: acts.q,
    c: acts.dk,
    m: T,
    n: C,
    k: T,
    transA: true,
    alpha: 1 / Math.sqrt(C),
    beta: 0,
    ...batch,
  });
  const dq = acts.q;
  sgemmBatch(kernel, {
    a: acts.alpha,
    b: acts.k,
    c: dq,
    m: T,
    n: C,
    k: T,
    alpha: 1 / Math.sqrt(C),
    beta: 0,
    ...batch,
  });
  kernel.sgemm({ a: z, b: dq, c: grads.copyQ, m: C, n: C, k: N, transA: true, beta: 1 });
  kernel.sgemm({ a: z, b: acts.dk, c: grads.copyK, m: C, n: C, k: N, transA: true, beta: 1 });
  kernel.sgemm({ a: dq, b: params.copyQ, c: acts.dz, m: N, n: C, k: C, transB: true, beta: 0 });
  kernel.sgemm({
    a: acts.dk,
    b: params.copyK,
    c: acts.dz,
    m: N,
    n: C,
    k: C,
    transB: true,
    beta: 1,
  });
  if (params.copyKn.length > 0) {
    // k_j read z_{j+1}: state t's share of the keys' gradient is dk_{t−1} (none at t = 0).
    const dkn = acts.kn;
    for (let b = 0; b < B; b++) {
      dkn.fill(0, b * T * C, (b * T + 1) * C);
      dkn.set(acts.dk.subarray(b * T * C, ((b + 1) * T - 1) * C), (b * T + 1) * C);
    }
    kernel.sgemm({ a: z, b: dkn, c: grads.copyKn, m: C, n: C, k: N, transA: true, beta: 1 });
    kernel.sgemm({ a: dkn, b: params.copyKn, c: acts.dz, m: N, n: C, k: C, transB: true, beta: 1 });
  }
  let dbias = 0;
  for (let n = 0; n < N; n++) {
    const d = dgate[n];
    if (d === 0) continue;
    dbias += d;
    for (let c = 0; c < C; c++) {
      grads.copyGateW[c] += d * z[n * C + c];
      acts.dz[n * C + c] += d * params.copyGateW[c];
    }
  }
  grads.copyGateB[0] += dbias;
  if (pointed) {
    // u_p = z_p·w_p: ∂w_p = Σ_p ∂u_p·z_p, ∂z_p += ∂u_p·w_p.
    for (let n = 0; n < N; n++) {
      const d = acts.pointedGrad[n];
      if (d === 0) continue;
      for (let c = 0; c < C; c++) {
        grads.copyGateP[c] += d * z[n * C + c];
        acts.dz[n * C + c] += d * params.copyGateP[c];
      }
    }
  }
}

export interface CopyHeadDecode {
  readonly kernel: MatmulKernel;
  readonly params: CopyHeadTensors;
  /** @param z (R, C) the final LayerNorm's output of every row fed this step */
  readonly z: Float32Array;
  /** @param keys (R, C) scratch */
  readonly keys: Float32Array;
  /** @param keyCache (S, L, C) every slot's copy keys; row r's is written at its position */
  readonly keyCache: Float32Array;
  /** @param nextKeys (R, C) scratch with `copyKeyNext` (else empty) */
  readonly nextKeys: Float32Array;
  /** @param baseCache (S, L, C) with `copyKeyNext`, every key's z_j·Wk part (else empty) */
  readonly baseCache: Float32Array;
  /** @param tokenCache (S, L) every slot's ids; row r's is written at its position */
  readonly tokenCache: Int32Array;
  /** @param pointedCache (S, L) with `copyGatePointed`, every position's u_p = z_p·w_p (else empty) */
  readonly pointedCache: Float32Array;
  readonly tokens: Int32Array;
  readonly seqs: Int32Array;
  readonly positions: Int32Array;
  /** @param logitIndex (nLogits) the rows whose logits are wanted */
  readonly logitIndex: Int32Array;
  /** @param zl (nLogits, C) those rows' final states */
  readonly zl: Float32Array;
  /** @param queries (nLogits, C) scratch */
  readonly queries: Float32Array;
  /** @param logits (nLogits, V) in: the vocabulary head's; out: log p(v), the mixture's */
  readonly logits: Float32Array;
  /** @param scores (L) scratch */
  readonly scores: Float64Array;
  readonly R: number;
  readonly nLogits: number;
  readonly C: number;
  readonly V: number;
  /** Positions per slot. */
  readonly L: number;
}

/**
 * The decode step's copy head: stores every fed row's key and id in the slot's caches (rows of
 * a slot come in increasing positions, so a row sees the rows before it), then turns each wanted
 * row's logits into the mixture's log-probabilities, which sample as logits do.
 */
export function copyHeadDecode(args: CopyHeadDecode): void {
  const { kernel, params, z, keys, keyCache, tokenCache, R, nLogits, C, V, L } = args;
  const { tokens, seqs, positions, logitIndex, zl, queries, logits, scores } = args;
  const { nextKeys, baseCache, pointedCache } = args;
  const pointed = params.copyGateP.length > 0;
  kernel.sgemm({ a: z, b: params.copyK, c: keys, m: R, n: C, k: C, beta: 0 });
  const next = params.copyKn.length > 0;
  // With `copyKeyNext` a key is written whole only once its next position is fed (below), and
  // no query reads it before then: here only its base part is kept.
  const written = next ? baseCache : keyCache;
  for (let r = 0; r < R; r++) {
    const at = seqs[r] * L + positions[r];
    written.set(keys.subarray(r * C, (r + 1) * C), at * C);
    tokenCache[at] = tokens[r];
    if (pointed) {
      let u = 0;
      for (let c = 0; c < C; c++) u += z[r * C + c] * params.copyGateP[c];
      pointedCache[at] = u;
    }
  }
  if (next) {
    // Row r completes its predecessor's key: k_{p−1} = z_{p−1}·Wk + z_p·Wkn. Assigned from the
    // base part, not added, so a position fed again (a slot continued from a shorter prefix of
    // its own) leaves no trace of what was fed there before. After the loop above, so a
    // predecessor fed in this same step has its base part already.
    kernel.sgemm({ a: z, b: params.copyKn, c: nextKeys, m: R, n: C, k: C, beta: 0 });
    for (let r = 0; r < R; r++) {
      if (positions[r] === 0) continue;
      const prev = (seqs[r] * L + positions[r] - 1) * C;
      for (let c = 0; c < C; c++) keyCache[prev + c] = baseCache[prev + c] + nextKeys[r * C + c];
    }
  }
  if (nLogits === 0) return;
  kernel.sgemm({ a: zl, b: params.copyQ, c: queries, m: nLogits, n: C, k: C, beta: 0 });
  const scale = 1 / Math.sqrt(C);
  const M = params.copyMatch.length;
  const bias = matchBias(params.copyMatch);
  const copied = new Map<number, number>();
  for (let i = 0; i < nLogits; i++) {
    const r = logitIndex[i];
    const t = positions[r];
    const base = seqs[r] * L;
    const row = logits.subarray(i * V, (i + 1) * V);
    let max = Number.NEGATIVE_INFINITY;
    for (let v = 0; v < V; v++) max = Math.max(max, row[v]);
    let sum = 0;
    for (let v = 0; v < V; v++) sum += Math.exp(row[v] - max);
    const lse = max + Math.log(sum);
    if (t === 0) {
      for (let v = 0; v < V; v++) row[v] -= lse;
      continue;
    }
    let s = params.copyGateB[0];
    for (let c = 0; c < C; c++) s += zl[i * C + c] * params.copyGateW[c];
    let smax = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < t; j++) {
      let dot = 0;
      for (let c = 0; c < C; c++) dot += queries[i * C + c] * keyCache[(base + j) * C + c];
      scores[j] = dot * scale;
      if (M > 0) scores[j] += bias[suffixMatchLength(tokenCache, base, t, j, M)];
      smax = Math.max(smax, scores[j]);
    }
    let ssum = 0;
    for (let j = 0; j < t; j++) {
      scores[j] = Math.exp(scores[j] - smax);
      ssum += scores[j];
    }
    if (pointed) {
      for (let j = 0; j < t; j++) s += (scores[j] / ssum) * pointedCache[base + j + 1];
    }
    const g = sigmoid(s);
    copied.clear();
    for (let j = 0; j < t; j++) {
      const id = tokenCache[base + j + 1];
      copied.set(id, (copied.get(id) ?? 0) + scores[j] / ssum);
    }
    for (let v = 0; v < V; v++) row[v] = mixedLogprob(g, row[v] - lse, copied.get(v) ?? 0);
  }
}

/** out[n] = x_n · w for each of the N rows of x (N, C). */
function rowDots(x: Float32Array, w: Float32Array, out: Float32Array, N: number, C: number): void {
  for (let n = 0; n < N; n++) {
    let s = 0;
    for (let c = 0; c < C; c++) s += x[n * C + c] * w[c];
    out[n] = s;
  }
}

/** Σ_{j<t} alpha[row + j]·u[first + j]: what the gate reads of the states pointed at. */
function pointedMean(
  alpha: ArrayLike<number>,
  row: number,
  u: Float32Array,
  first: number,
  t: number,
): number {
  let s = 0;
  for (let j = 0; j < t; j++) s += alpha[row + j] * u[first + j];
  return s;
}

/** log(g·exp(vocabLogprob) + (1 − g)·copyProb), exact where copyProb is 0 (no underflow). */
function mixedLogprob(g: number, vocabLogprob: number, copyProb: number): number {
  if (copyProb === 0) return Math.log(g) + vocabLogprob;
  return Math.log(g * Math.exp(vocabLogprob) + (1 - g) * copyProb);
}

/** The logistic function: the copy head's gate, and the smeared keys' (`smearGates`). */
export function sigmoid(s: number): number {
  return 1 / (1 + Math.exp(-s));
}

/** Softmax in place over a[row … row + t), zeros over [row + t, row + T). */
function causalSoftmaxRow(a: Float32Array, row: number, t: number, T: number): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < t; j++) max = Math.max(max, a[row + j]);
  let sum = 0;
  for (let j = 0; j < t; j++) {
    const e = Math.exp(a[row + j] - max);
    a[row + j] = e;
    sum += e;
  }
  for (let j = 0; j < t; j++) a[row + j] /= sum;
  a.fill(0, row + t, row + T);
}
