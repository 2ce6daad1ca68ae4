/**
 * The contract every loss of toolgym follows: a pure function of per-token log-probabilities
 * (and whatever else its algorithm needs) that returns the loss, its gradient with respect to
 * those log-probabilities, and metrics. The engine back-propagates the gradient
 * (`model.backward(grad)`), so a new algorithm is one small file (see `losses.ts`).
 *
 * Shapes: B = batch (sequences), T = time (tokens), flattened row-major like `model.forward`:
 * token t of sequence b is at index b·T + t.
 */

/** A (B, T) or (B) array of reals. Float64Array is accepted so tests can take float64 differences. */
export type Floats = Float32Array | Float64Array;

export interface LossInput {
  /** @param logprobs (B, T) log-prob of each target token under the current policy. */
  logprobs: Floats;
  B: number;
  T: number;
  /**
   * @param mask (B, T) 1 where the token is the policy's own output and counts; prompt, padding
   * and tool-output tokens are 0. Positions with mask 0 are never read in any other array, so
   * whatever they hold (even NaN) cannot leak into the loss or the gradient.
   */
  mask: Floats;
  /** @param refLogprobs (B, T) the frozen reference policy (KL terms, DPO). */
  refLogprobs?: Floats;
  /**
   * @param oldLogprobs (B, T) the behaviour policy when the tokens were sampled (importance
   * ratio). Absent: the data is taken as on-policy, ratio 1 (one update per rollout batch).
   */
  oldLogprobs?: Floats;
  /** @param advantages (B, T) per-token advantages, from an estimator in `train/advantages`. */
  advantages?: Floats;
  /** @param rewards (B) sequence rewards or scores, higher = better (RRHF ranks). */
  rewards?: Floats;
  /** @param groups (B) group id per sequence: the candidates of the same prompt share one. */
  groups?: Int32Array;
}

export interface LossResult {
  /** The scalar loss (a JS number, computed in float64). */
  loss: number;
  /** @param grad (B, T) ∂loss/∂logprobs; exactly 0 wherever mask is 0. */
  grad: Float32Array;
  /** Named scalars for the training log (snake_case keys); never NaN. */
  metrics: Record<string, number>;
}

/**
 * A loss: pure, no state, never mutates its input. `options` holds the loss's hyper-parameters,
 * every one optional; their defaults live in the loss's zod schema (exactly one place).
 */
export type LossFn<Options> = (input: LossInput, options?: Options) => LossResult;
