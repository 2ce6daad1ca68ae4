import type { SeededRng } from "../seeded-rng.js";

export interface SamplingSettings {
  /** Softmax temperature; 0 = greedy (argmax). */
  readonly temperature: number;
  /** Keep only the k most likely tokens; 0 = off. */
  readonly topK: number;
  /** Keep the smallest set of most likely tokens whose probability reaches p; 1 = off. */
  readonly topP: number;
}

export interface PickedToken {
  readonly token: number;
  /** log p(token) under the raw model: temperature 1, no truncation. What RL losses need. */
  readonly logprob: number;
  /** log q(token) under the distribution actually sampled from (temperature, top-k, top-p); 0 when greedy. */
  readonly samplingLogprob: number;
}

/** Reusable per-vocabulary scratch, so picking a token allocates nothing. */
export class PickScratch {
  readonly probs: Float64Array;
  readonly order: Int32Array;
  constructor(V: number) {
    this.probs = new Float64Array(V);
    this.order = new Int32Array(V);
  }
}

/**
 * Draws the next token from one row of logits. Order of the filters is Hugging Face's:
 * temperature, then top-k, then top-p (nucleus, Holtzman et al. 2020), then one uniform draw.
 *
 * @param logits (V)
 */
export function pickToken(
  logits: Float32Array,
  settings: SamplingSettings,
  rng: SeededRng,
  scratch: PickScratch,
): PickedToken {
  const V = logits.length;
  const { temperature, topK, topP } = settings;
  let max = Number.NEGATIVE_INFINITY;
  let argmax = 0;
  for (let v = 0; v < V; v++) {
    if (logits[v] > max) {
      max = logits[v];
      argmax = v;
    }
  }
  let rawSum = 0;
  for (let v = 0; v < V; v++) rawSum += fastExpNeg(logits[v] - max);
  const rawLse = max + Math.log(rawSum);
  if (temperature === 0)
    return { token: argmax, logprob: logits[argmax] - rawLse, samplingLogprob: 0 };

  const { probs, order } = scratch;
  // Unnormalized q ∝ exp((logit − max) / temperature); the max maps to 1.
  const invT = 1 / temperature;
  let n = V; // candidates are order[0 … n)
  for (let v = 0; v < V; v++) {
    probs[v] =
      temperature === 1 ? fastExpNeg(logits[v] - max) : fastExpNeg((logits[v] - max) * invT);
    order[v] = v;
  }
  if ((topK > 0 && topK < V) || topP < 1) {
    // Sorting is only paid when a truncation is asked for.
    const sorted = order.subarray(0, V).sort((a, b) => probs[b] - probs[a] || a - b);
    if (topK > 0 && topK < n) n = topK;
    if (topP < 1) {
      let mass = 0;
      for (let i = 0; i < n; i++) mass += probs[sorted[i]];
      let acc = 0;
      for (let i = 0; i < n; i++) {
        acc += probs[sorted[i]];
        if (acc >= topP * mass) {
          n = i + 1;
          break;
        }
      }
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += probs[order[i]];
  let u = rng.nextFloat() * total;
  let token = order[n - 1];
  for (let i = 0; i < n; i++) {
    u -= probs[order[i]];
    if (u < 0) {
      token = order[i];
      break;
    }
  }
  return {
    token,
    logprob: logits[token] - rawLse,
    samplingLogprob: Math.log(probs[token] / total),
  };
}

/** 2^-i for i in [0, 128): the whole-octave part of the result. */
const OCTAVE = Float64Array.from({ length: 128 }, (_, i) => 2 ** -i);
/** 2^(-i/32) for i in [0, 32): the fractional part, so the remainder stays within ±ln2/64. */
const FRACTION = Float64Array.from({ length: 32 }, (_, i) => 2 ** (-i / 32));
const SCALE = 32 * Math.LOG2E;
const STEP = Math.LN2 / 32;

/**
 * exp(x) for x ≤ 0, the only range softmax needs (it subtracts the row maximum first).
 * x = −(k·ln2/32) + r with |r| ≤ ln2/64; exp(r) by a cubic (relative error < 1e-9, far below
 * float32 resolution) times two table entries. Several times faster than `Math.exp`, which V8
 * does not inline; softmax and the cross-entropy head evaluate it millions of times a step.
 * Below −87.3 (where float32 underflows anyway) it returns 0.
 */
export function fastExpNeg(x: number): number {
  if (x < -87.3) return 0;
  const k = (-x * SCALE + 0.5) | 0;
  const r = x + k * STEP;
  return (1 + r * (1 + r * (0.5 + r * 0.16666666666666666))) * OCTAVE[k >> 5] * FRACTION[k & 31];
}
