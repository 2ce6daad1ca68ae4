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
