import { z } from "zod";
import { parseOptions } from "../../core/index.js";
import { checkFiniteRewards, checkInput, required } from "../losses/check-input.js";
import { groupRows, maskedRowSums } from "../losses/row-stats.js";
import type { AdvantageFn, AdvantageInput, AdvantageResult } from "./advantage-fn.js";
import { deviations } from "./deviations.js";

export const GroupRelativeOptionsSchema = z.strictObject({
  /**
   * Divide by the group's reward std (GRPO). `false` is Dr. GRPO (arXiv 2503.20783 §3.1): the
   * std division up-weights questions that are nearly always or nearly never solved, a bias.
   */
  scaleByStd: z.boolean().default(true),
  /** ε in (r − mean) / (std + ε), verl's 1e-6: only guards the division, never sets the scale. */
  epsilon: z.number().positive().default(1e-6),
});
export type GroupRelativeOptions = z.input<typeof GroupRelativeOptionsSchema>;

/**
 * GRPO's outcome-supervised advantage (DeepSeekMath, arXiv 2402.03300, §4.1.2):
 *
 *   Â_i = (r_i − mean(r_group)) / (std(r_group) + ε),   broadcast over sequence i's masked tokens
 *
 * with the sample std (n − 1, as torch.std in TRL and verl). Documented edge cases, none NaN:
 * all-equal rewards give exactly 0 (the deviations are computed so); a group of one gives 0 (no
 * relative signal; verl would pass the raw reward through); a sequence with no masked-in token
 * gets 0 everywhere and is left out of its group's statistics.
 *
 * Uses: rewards (B), groups (B), mask. Metrics: `reward_mean`, `reward_std` (population, over the
 * counted sequences), `zero_std_groups` (share of groups whose rewards are all equal, i.e. that
 * teach nothing: DAPO's dynamic sampling would resample them), `groups`.
 */
export const groupRelativeAdvantages: AdvantageFn<GroupRelativeOptions> = (
  input: AdvantageInput,
  options?: GroupRelativeOptions,
): AdvantageResult => {
  checkInput(input);
  const { scaleByStd, epsilon } = parseOptions(
    GroupRelativeOptionsSchema,
    options,
    "groupRelativeAdvantages",
  );
  const { rewards, mask, B, T } = input;
  const groups = required(input.groups, "groups", "groupRelativeAdvantages");
  const { counts } = maskedRowSums(mask, mask, B, T);
  checkFiniteRewards(rewards, counts);

  const perRow = new Float64Array(B);
  const members = groupRows(groups, counts);
  let zeroStd = 0;
  for (const rows of members.values()) {
    const { deviations: d, sumSquares } = deviations(rows.map((b) => rewards[b]));
    if (sumSquares === 0) zeroStd++;
    const std = rows.length > 1 ? Math.sqrt(sumSquares / (rows.length - 1)) : 0;
    const scale = scaleByStd ? 1 / (std + epsilon) : 1;
    rows.forEach((b, k) => {
      perRow[b] = d[k] * scale;
    });
  }

  const advantages = new Float32Array(B * T);
  for (let b = 0; b < B; b++)
    if (perRow[b] !== 0)
      for (let n = b * T; n < (b + 1) * T; n++) if (mask[n] !== 0) advantages[n] = perRow[b];

  const counted = [...members.values()].flat();
  const batch = deviations(counted.map((b) => rewards[b]));
  const mean =
    counted.length > 0 ? counted.reduce((s, b) => s + rewards[b], 0) / counted.length : 0;
  return {
    advantages,
    metrics: {
      reward_mean: mean,
      reward_std: counted.length > 0 ? Math.sqrt(batch.sumSquares / counted.length) : 0,
      zero_std_groups: members.size > 0 ? zeroStd / members.size : 0,
      groups: members.size,
    },
  };
};
