/**
 * Log-ratios (log π − log π_old, log π_ref − log π) are clamped to ±LOG_RATIO_LIMIT before exp,
 * as verl does: one wildly off-policy token would otherwise give a ratio of e^100 whose float32
 * gradient overflows to ∞ and then NaN in the weights. Beyond the limit the gradient is 0 (the
 * derivative of the clamped function), which for |log-ratio| > 20 is the right call anyway.
 */
export const LOG_RATIO_LIMIT = 20;
