// advantages: the estimators of the on-policy algorithms (grpo: group-relative; reinforce-pp:
// batch-whitened with a KL-penalized reward).
export type { AdvantageFn, AdvantageInput, AdvantageResult } from "./advantage-fn.js";
export {
  type GroupRelativeOptions,
  GroupRelativeOptionsSchema,
  groupRelativeAdvantages,
} from "./group-relative-advantages.js";
export {
  type ReinforcePpAdvantagesOptions,
  ReinforcePpAdvantagesOptionsSchema,
  reinforcePpAdvantages,
} from "./reinforce-pp-advantages.js";
