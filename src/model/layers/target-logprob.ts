import type { EngineExports } from "../wasm/engine-wasm.js";

/**
 * Log-softmax over the vocabulary, gathered at the target ids: logprob[n] = log softmax(logits[n])[y]
 * (kernels in ../wasm/target_logprob.c). This is the model's output layer for the training
 * algorithms: every loss is a function of these per-token log-probabilities. Rows whose mask is
 * 0 (padding, prompt tokens) are skipped: their log-prob reads 0 and they get no gradient.
 * Every array is a view of the model's arena.
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab; N = B·T rows.
 */

export interface TargetLogprobForward {
  readonly wasm: EngineExports;
  /** @param logprobs (N) written */
  readonly logprobs: Float32Array;
  /** @param probs (N, V) written where the mask is set: softmax(logits), kept for the backward pass */
  readonly probs: Float32Array;
  /** @param logits (N, V) */
  readonly logits: Float32Array;
  /** @param targets (N) ids in [0, V) where the mask is set */
  readonly targets: Int32Array;
  /** @param mask (N) 0 = skip the row */
  readonly mask: Uint8Array;
  readonly N: number;
  readonly V: number;
}

export function targetLogprobForward(args: TargetLogprobForward): void {
  const { wasm, logprobs, probs, logits, targets, mask, N, V } = args;
  wasm.target_logprob_forward(
    logprobs.byteOffset,
    probs.byteOffset,
    logits.byteOffset,
    targets.byteOffset,
    mask.byteOffset,
    N,
    V,
  );
}

export interface TargetLogprobBackward {
  readonly wasm: EngineExports;
  /** @param dlogits (N, V) written (may alias `probs`) */
  readonly dlogits: Float32Array;
  /** @param dlogprobs (N) ∂loss/∂logprob */
  readonly dlogprobs: Float32Array;
  /** @param probs (N, V) from the forward pass */
  readonly probs: Float32Array;
  /** @param targets (N) */
  readonly targets: Int32Array;
  /** @param mask (N) */
  readonly mask: Uint8Array;
  readonly N: number;
  readonly V: number;
}

/** ∂logprob[n]/∂logits[n, v] = 1[v = y] − softmax(logits[n])[v] */
export function targetLogprobBackward(args: TargetLogprobBackward): void {
  const { wasm, dlogits, dlogprobs, probs, targets, mask, N, V } = args;
  wasm.target_logprob_backward(
    dlogits.byteOffset,
    dlogprobs.byteOffset,
    probs.byteOffset,
    targets.byteOffset,
    mask.byteOffset,
    N,
    V,
  );
}
