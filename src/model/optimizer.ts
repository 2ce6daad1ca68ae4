import type { Gpt } from "./gpt.js";

// One optimizer step's parts: AdamW's update, gradient clipping before it, and the learning-rate
// schedule that sets its step size.

export interface AdamWOptions {
  /** The model whose `params` this optimizer updates from its `grads`. */
  readonly model: Gpt;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
  /** Decoupled weight decay, applied to the layout's `decay` parameters (2-D weights) only. */
  readonly weightDecay?: number;
}

/**
 * AdamW (Loshchilov & Hutter, "Decoupled Weight Decay Regularization", Alg. 2), step for step as
 * `torch.optim.AdamW` computes it. Defaults are nanoGPT's for small GPTs: β = (0.9, 0.95),
 * ε = 1e-8, weight decay 0.1 on 2-D weights, none on biases and LayerNorm parameters.
 *
 * The moments live in the model's arena, in its parameter layout, and the update runs in the
 * WebAssembly kernel (../wasm/adamw.c), one call per run of parameters with the same decay.
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
  private readonly model: Gpt;
  private readonly ranges: readonly { start: number; end: number; decay: boolean }[];

  constructor({ model, beta1 = 0.9, beta2 = 0.95, eps = 1e-8, weightDecay = 0.1 }: AdamWOptions) {
    this.model = model;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.m = model.arena.f32(model.params.length);
    this.v = model.arena.f32(model.params.length);
    // Merge neighbouring specs with the same decay flag: fewer, longer runs.
    const ranges: { start: number; end: number; decay: boolean }[] = [];
    for (const s of model.layout) {
      const prev = ranges[ranges.length - 1];
      if (prev && prev.decay === s.decay && prev.end === s.offset) prev.end = s.offset + s.size;
      else ranges.push({ start: s.offset, end: s.offset + s.size, decay: s.decay });
    }
    this.ranges = ranges;
  }

  /** One update of the model's parameters from its gradients, at learning rate `lr`. */
  step({ lr }: { lr: number }): void {
    this.stepCount++;
    const { beta1, beta2, eps, m, v } = this;
    const { params, grads, arena } = this.model;
    const stepSize = lr / (1 - beta1 ** this.stepCount);
    const bc2Sqrt = Math.sqrt(1 - beta2 ** this.stepCount);
    for (const { start, end, decay } of this.ranges) {
      const at = (a: Float32Array): number => a.byteOffset + 4 * start;
      const shrink = decay ? 1 - lr * this.weightDecay : 1;
      arena.wasm.adamw_update(
        at(params),
        at(grads),
        at(m),
        at(v),
        end - start,
        beta1,
        beta2,
        eps,
        shrink,
        stepSize,
        bc2Sqrt,
      );
    }
  }
}

/**
 * Scales `grads` in place so their global L2 norm is at most `maxNorm`, like
 * `torch.nn.utils.clip_grad_norm_` (coefficient maxNorm / (norm + 1e-6), never above 1).
 *
 * @param grads flat gradients of every parameter
 * @returns the norm before clipping (worth logging: spikes show instability)
 */
export function clipGradNorm(grads: Float32Array, maxNorm: number): number {
  let sq = 0;
  for (let i = 0; i < grads.length; i++) sq += grads[i] * grads[i];
  const norm = Math.sqrt(sq);
  const coef = maxNorm / (norm + 1e-6);
  if (coef < 1) {
    for (let i = 0; i < grads.length; i++) grads[i] *= coef;
  }
  return norm;
}

export interface WarmupCosineLr {
  /** 0-based optimizer step. */
  readonly step: number;
  readonly maxLr: number;
  readonly minLr: number;
  /** Steps of linear warm-up from maxLr / warmupSteps to maxLr. */
  readonly warmupSteps: number;
  /** Step at which the cosine reaches minLr; later steps stay there. */
  readonly totalSteps: number;
}

/**
 * Learning rate at `step`: linear warm-up, then a half cosine from maxLr down to minLr
 * (nanoGPT's `get_lr`; Loshchilov & Hutter, SGDR, without restarts).
 */
export function warmupCosineLr({
  step,
  maxLr,
  minLr,
  warmupSteps,
  totalSteps,
}: WarmupCosineLr): number {
  if (step < warmupSteps) return (maxLr * (step + 1)) / warmupSteps;
  if (step >= totalSteps) return minLr;
  const ratio = (step - warmupSteps) / (totalSteps - warmupSteps);
  return minLr + 0.5 * (1 + Math.cos(Math.PI * ratio)) * (maxLr - minLr);
}
