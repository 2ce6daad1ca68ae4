import type { z } from "zod";
import {
  type AdvantageFn,
  GroupRelativeOptionsSchema,
  groupRelativeAdvantages,
  ReinforcePpAdvantagesOptionsSchema,
  reinforcePpAdvantages,
} from "../advantages/index.js";
import type { TrainAlgo, TrainConfig } from "./train-config.js";

/** What the loop needs to know about an algorithm beyond its loss (`LOSSES[algo]`). */
export interface AlgorithmSpec {
  /**
   * Where a step's sequences come from: rollouts of the current policy, or prepared data —
   * single sequences (sft), candidate lists ranked by score (rrhf), (chosen, rejected) pairs
   * (dpo).
   */
  readonly data: "rollouts" | "sequences" | "candidates" | "pairs";
  /** The advantage estimator of on-policy algorithms and its options' schema (the defaults). */
  readonly advantage?: {
    readonly estimate: AdvantageFn<Record<string, unknown>>;
    readonly schema: z.ZodType<Record<string, unknown>>;
  };
  /** Whether the run keeps a frozen reference policy, given the resolved options. */
  readonly needsReference: (config: TrainConfig) => boolean;
}

const klOf = (options: Record<string, unknown>): number =>
  typeof options.klCoef === "number" ? options.klCoef : 0;

/** Every algorithm of `--algo`. */
export const ALGORITHMS = {
  sft: { data: "sequences", needsReference: () => false },
  rrhf: { data: "candidates", needsReference: () => false },
  dpo: { data: "pairs", needsReference: () => true },
  grpo: {
    data: "rollouts",
    advantage: { estimate: groupRelativeAdvantages, schema: GroupRelativeOptionsSchema },
    needsReference: (config) => klOf(config.loss) > 0,
  },
  "reinforce-pp": {
    data: "rollouts",
    advantage: { estimate: reinforcePpAdvantages, schema: ReinforcePpAdvantagesOptionsSchema },
    // The KL penalty sits in the advantage (REINFORCE++) or in the loss (its -baseline recipe).
    needsReference: (config) => klOf(config.advantage) > 0 || klOf(config.loss) > 0,
  },
} as const satisfies Record<TrainAlgo, AlgorithmSpec>;
