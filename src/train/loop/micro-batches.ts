import type { TrainBatch } from "../data/index.js";

// Cutting a step's padded batch into forward/backward passes, each padded only to its own
// longest row. Shapes: B = batch, T = time.

/** Some rows of a batch, cut to the longest of them: what one forward/backward pass takes. */
export interface MicroBatch extends TrainBatch {
  /** Which rows of the whole batch, in this pass's order. */
  readonly rows: Int32Array;
}

/**
 * Cuts `batch` into passes of at most `positions` padded positions each (rows × the pass's own
 * T), longest rows first, so that a pass of short rows is not padded to the batch's longest
 * (attention's work grows with T², the rest with T). A row longer than `positions` gets a pass
 * of its own. Row b's length is its positions up to its last trained target: what comes after
 * changes no log-prob that counts (attention is causal, and log-probs are 0 where the mask is).
 * Deterministic: ties in length keep row order.
 *
 * @returns the passes, largest (most padded positions) last
 */
export function planMicroBatches(batch: TrainBatch, positions: number): MicroBatch[] {
  const { B } = batch;
  const lengths = Int32Array.from({ length: B }, (_, b) => rowLength(batch, b));
  const order = Array.from({ length: B }, (_, b) => b).sort(
    (x, y) => lengths[y] - lengths[x] || x - y,
  );
  const passes: MicroBatch[] = [];
  for (let start = 0; start < B; ) {
    const T = lengths[order[start]];
    const n = Math.min(B - start, Math.max(1, Math.floor(positions / T)));
    passes.push(gatherRows(batch, Int32Array.from(order.slice(start, start + n)), T));
    start += n;
  }
  // The one a backward pass runs right after (its activations still in the model) goes last.
  let largest = 0;
  passes.forEach((pass, i) => {
    if (pass.B * pass.T > passes[largest].B * passes[largest].T) largest = i;
  });
  passes.push(...passes.splice(largest, 1));
  return passes;
}

/** Positions of row b up to and including its last trained one; at least 1. */
function rowLength(batch: TrainBatch, b: number): number {
  const { mask, T } = batch;
  for (let t = T - 1; t > 0; t--) if (mask[b * T + t] !== 0) return t + 1;
  return 1;
}

/** `rows` of `batch`, each cut to its first T positions. */
function gatherRows(batch: TrainBatch, rows: Int32Array, T: number): MicroBatch {
  const B = rows.length;
  const cut = <A extends Int32Array | Float32Array>(full: A, make: (n: number) => A): A => {
    const out = make(B * T);
    rows.forEach((row, i) => {
      out.set(full.subarray(row * batch.T, row * batch.T + T), i * T);
    });
    return out;
  };
  const int = (n: number) => new Int32Array(n);
  const float = (n: number) => new Float32Array(n);
  return {
    rows,
    B,
    T,
    tokens: cut(batch.tokens, int),
    targets: cut(batch.targets, int),
    mask: cut(batch.mask, float),
    ...(batch.logprobs === undefined ? {} : { logprobs: cut(batch.logprobs, float) }),
  };
}

/** Writes `values` (pass.B, pass.T) into the rows of `out` (B, fullT) the pass took. */
export function scatterRows(
  pass: MicroBatch,
  values: Float32Array,
  out: Float32Array,
  fullT: number,
): void {
  pass.rows.forEach((row, i) => {
    out.set(values.subarray(i * pass.T, (i + 1) * pass.T), row * fullT);
  });
}

/** The pass's rows of `values` (B, fullT), each cut to the pass's T: (pass.B, pass.T). */
export function gatherValues(pass: MicroBatch, values: Float32Array, fullT: number): Float32Array {
  const out = new Float32Array(pass.B * pass.T);
  pass.rows.forEach((row, i) => {
    out.set(values.subarray(row * fullT, row * fullT + pass.T), i * pass.T);
  });
  return out;
}
