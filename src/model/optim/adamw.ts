import type { ParameterSpec } from "../parameter-layout.js";

export interface AdamWOptions {
  /** Parameter layout: which ranges of the flat arrays get weight decay. */
  readonly layout: readonly ParameterSpec[];
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
  /** Decoupled weight decay, applied to `decay` parameters (2-D weights) only. */
  readonly weightDecay?: number;
}

/**
 * AdamW (Loshchilov & Hutter, "Decoupled Weight Decay Regularization", Alg. 2), step for step as
 * `torch.optim.AdamW` computes it. Defaults are nanoGPT's for small GPTs: β = (0.9, 0.95),
 * ε = 1e-8, weight decay 0.1 on 2-D weights, none on biases and LayerNorm parameters.
 *
 * State (first and second moments) lives in flat arrays of the parameter layout.
 */
export class AdamW {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** First moment, same layout as the parameters. */
  readonly m: Float32Array;
  /** Second moment. */
  readonly v: Float32Array;
  /** Steps taken (the bias correction's t). */
  stepCount = 0;
  private readonly ranges: readonly { start: number; end: number; decay: boolean }[];

  constructor({ layout, beta1 = 0.9, beta2 = 0.95, eps = 1e-8, weightDecay = 0.1 }: AdamWOptions) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    const last = layout[layout.length - 1];
    const size = last ? last.offset + last.size : 0;
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
    // Merge neighbouring specs with the same decay flag: fewer, longer loops.
    const ranges: { start: number; end: number; decay: boolean }[] = [];
    for (const s of layout) {
      const prev = ranges[ranges.length - 1];
      if (prev && prev.decay === s.decay && prev.end === s.offset) prev.end = s.offset + s.size;
      else ranges.push({ start: s.offset, end: s.offset + s.size, decay: s.decay });
    }
    this.ranges = ranges;
  }

  /**
   * One update of `params` in place from `grads`.
   * @param params flat parameters
   * @param grads flat gradients, same layout
   */
  step({ params, grads, lr }: { params: Float32Array; grads: Float32Array; lr: number }): void {
    this.stepCount++;
    const { beta1: b1, beta2: b2, eps, m, v } = this;
    const stepSize = lr / (1 - b1 ** this.stepCount);
    const bc2Sqrt = Math.sqrt(1 - b2 ** this.stepCount);
    for (const { start, end, decay } of this.ranges) {
      const shrink = decay ? 1 - lr * this.weightDecay : 1;
      for (let i = start; i < end; i++) {
        const g = grads[i];
        const mi = b1 * m[i] + (1 - b1) * g;
        const vi = b2 * v[i] + (1 - b2) * g * g;
        m[i] = mi;
        v[i] = vi;
        params[i] = params[i] * shrink - (stepSize * mi) / (Math.sqrt(vi) / bc2Sqrt + eps);
      }
    }
  }
}
