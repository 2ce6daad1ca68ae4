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
