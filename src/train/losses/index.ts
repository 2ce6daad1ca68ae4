// losses: one pure loss per file (per-token log-probs in; loss, gradient, metrics out) and
// their options' schemas. The table of algorithms that use them is ../algorithms.ts.
export {
  AGGREGATIONS,
  type Aggregation,
  type ClippedPolicyConfig,
  clippedPolicyLoss,
} from "./clipped-policy-loss.js";
export { type DpoOptions, DpoOptionsSchema, dpo } from "./dpo.js";
export { LossInputError } from "./errors/loss-input-error.js";
export { UnknownLossError } from "./errors/unknown-loss-error.js";
export { type GrpoOptions, GrpoOptionsSchema, grpo } from "./grpo.js";
export type { Floats, LossFn, LossInput, LossResult } from "./loss-fn.js";
export { type ReinforcePpOptions, ReinforcePpOptionsSchema, reinforcePp } from "./reinforce-pp.js";
export { type RrhfOptions, RrhfOptionsSchema, rrhf } from "./rrhf.js";
export { type SftOptions, SftOptionsSchema, sft } from "./sft.js";
