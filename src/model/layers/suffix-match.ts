/**
 * The copy head's suffix-match bias (`ModelConfig.copyMatch`): score j of row t gets
 * Σ_{i ≤ m(t,j)} w_i, where m(t,j) — at most M, the number of weights — is how many ids end at
 * both positions alike: x_{t−i} = x_{j−i} for every i < m(t,j) (and j − i ≥ 0). Candidate j
 * offers x_{j+1}, so once the first ids of a span are copied the span's own continuation matches
 * longest: a name or a number goes on from where it was copied instead of jumping to another
 * place that merely shares the last id (`2013-06-28` copied as `2013-06-06`). The lengths come
 * from ids alone, so the bias needs no circuit the model must first grow, and the weights learn
 * how much each level of match is worth (they start at 0: no bias).
 *
 * Shapes: B = batch, T = time.
 */
export class SuffixMatch {
  private readonly M: number;
  /** (T, T) m(t, j) for j < t of the batch row last measured */
  private readonly lengths: Uint8Array;
  /** (M + 1) Σ_{i ≤ m} w_i: the bias of a match of length m */
  private readonly bias: Float64Array;

  /** @param weights (M) the bias's weights w_1 … w_M; empty: no bias, every method a no-op */
  constructor(
    weights: Float32Array,
    private readonly T: number,
  ) {
    this.M = weights.length;
    this.lengths = new Uint8Array(this.M > 0 ? T * T : 0);
    this.bias = matchBias(weights);
  }

  /** Adds row b's bias to `scores` (B, T, T) at every j < t. */
  addBias(tokens: Int32Array, b: number, scores: Float32Array): void {
    if (this.M === 0) return;
    const { T, lengths, bias } = this;
    this.measure(tokens, b);
    for (let t = 1; t < T; t++) {
      const row = (b * T + t) * T;
      for (let j = 0; j < t; j++) {
        const m = lengths[t * T + j];
        if (m > 0) scores[row + j] += bias[m];
      }
    }
  }

  /**
   * Adds ∂loss/∂w to `grads` (M) from row b's score gradients `dscores` (B, T, T): w_i is in
   * every score whose match is at least i long.
   */
  addGradient(tokens: Int32Array, b: number, dscores: Float32Array, grads: Float32Array): void {
    if (this.M === 0) return;
    const { T, M, lengths } = this;
    this.measure(tokens, b);
    const byLength = new Float64Array(M + 1);
    for (let t = 1; t < T; t++) {
      const row = (b * T + t) * T;
      for (let j = 0; j < t; j++) {
        const m = lengths[t * T + j];
        if (m > 0) byLength[m] += dscores[row + j];
      }
    }
    let atLeast = 0;
    for (let m = M; m >= 1; m--) {
      atLeast += byLength[m];
      grads[m - 1] += atLeast;
    }
  }

  /** m(t, j) of batch row b for every j < t, from m(t − 1, j − 1): one comparison each. */
  private measure(tokens: Int32Array, b: number): void {
    const { T, M, lengths } = this;
    const x = b * T;
    for (let t = 1; t < T; t++) {
      const id = tokens[x + t];
      for (let j = 0; j < t; j++) {
        if (tokens[x + j] !== id) lengths[t * T + j] = 0;
        else lengths[t * T + j] = j === 0 ? 1 : Math.min(M, lengths[(t - 1) * T + j - 1] + 1);
      }
    }
  }
}

/** (M + 1) the bias of a match of each length 0 … M: the running sums of `weights`. */
export function matchBias(weights: Float32Array): Float64Array {
  const bias = new Float64Array(weights.length + 1);
  for (let m = 1; m <= weights.length; m++) bias[m] = bias[m - 1] + weights[m - 1];
  return bias;
}

/**
 * m(t, j) read off one sequence's ids (`ids[base + p]` is the id at position p), at most `M`:
 * the decode step's form of `SuffixMatch`, for the one row it scores.
 */
export function suffixMatchLength(
  ids: Int32Array,
  base: number,
  t: number,
  j: number,
  M: number,
): number {
  let m = 0;
  while (m < M && j - m >= 0 && ids[base + t - m] === ids[base + j - m]) m++;
  return m;
}
