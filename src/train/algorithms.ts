import type { z } from "zod";
import {
  type AdvantageFn,
  GroupRelativeOptionsSchema,
  groupRelativeAdvantages,
  ReinforcePpAdvantagesOptionsSchema,
  reinforcePpAdvantages,
} from "./advantages/index.js";
import {
  DpoOptionsSchema,
  dpo,
  GrpoOptionsSchema,
  grpo,
  type LossFn,
  ReinforcePpOptionsSchema,
  RrhfOptionsSchema,
  reinforcePp,
  rrhf,
  SftOptionsSchema,
  sft,
  UnknownLossError,
} from "./losses/index.js";

/** Everything about one algorithm of `--algo`, in one place. */
export interface AlgorithmSpec {
  /** The pure loss (losses/) and the schema of its options (their defaults). */
  readonly loss: LossFn<never>;
  readonly lossOptions: z.ZodType<Record<string, unknown>>;
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
  readonly needsReference: (options: {
    readonly loss: Record<string, unknown>;
    readonly advantage: Record<string, unknown>;
  }) => boolean;
}

const klOf = (options: Record<string, unknown>): number =>
  typeof options.klCoef === "number" ? options.klCoef : 0;

/**
 * Every algorithm `train` runs, defined once: the `--algo` names, each one's loss and options,
 * its data and estimator. Adding an algorithm = one loss file + one entry here.
 */
export const ALGORITHMS = {
  sft: { loss: sft, lossOptions: SftOptionsSchema, data: "sequences", needsReference: () => false },
  rrhf: {
    loss: rrhf,
    lossOptions: RrhfOptionsSchema,
    data: "candidates",
    needsReference: () => false,
  },
  dpo: { loss: dpo, lossOptions: DpoOptionsSchema, data: "pairs", needsReference: () => true },
  grpo: {
    loss: grpo,
    lossOptions: GrpoOptionsSchema,
    data: "rollouts",
    advantage: { estimate: groupRelativeAdvantages, schema: GroupRelativeOptionsSchema },
    needsReference: (options) => klOf(options.loss) > 0,
  },
  "reinforce-pp": {
    loss: reinforcePp,
    lossOptions: ReinforcePpOptionsSchema,
    data: "rollouts",
    advantage: { estimate: reinforcePpAdvantages, schema: ReinforcePpAdvantagesOptionsSchema },
    // The KL penalty sits in the advantage (REINFORCE++) or in the loss (its -baseline recipe).
    needsReference: (options) => klOf(options.advantage) > 0 || klOf(options.loss) > 0,
  },
} as const satisfies Record<string, AlgorithmSpec>;

/** An `--algo` name. */
export type TrainAlgo = keyof typeof ALGORITHMS;
/** The `--algo` names, in the table's order. */
export const TRAIN_ALGOS = Object.keys(ALGORITHMS) as [TrainAlgo, ...TrainAlgo[]];

/** The options of algorithm `N`'s loss (all optional; defaults in its schema). */
export type LossOptions<N extends TrainAlgo> = NonNullable<
  Parameters<(typeof ALGORITHMS)[N]["loss"]>[1]
>;

export function isTrainAlgo(name: string): name is TrainAlgo {
  return Object.hasOwn(ALGORITHMS, name);
}

/** The spec of `algo`, typed as the common shape the loop reads. */
export function algorithmOf(algo: TrainAlgo): AlgorithmSpec {
  return ALGORITHMS[algo];
}

/**
 * The loss of algorithm `name`. With a literal name the options type is that loss's; with a
 * name read at run time (a config file) pass the string and let an unknown one throw
 * UnknownLossError listing the valid names.
 */
export function getLoss<N extends TrainAlgo>(name: N): LossFn<LossOptions<N>>;
export function getLoss(name: string): LossFn<Record<string, unknown>>;
export function getLoss(name: string): LossFn<Record<string, unknown>> {
  if (!isTrainAlgo(name)) throw new UnknownLossError(name, TRAIN_ALGOS);
  return ALGORITHMS[name].loss as LossFn<Record<string, unknown>>;
}
