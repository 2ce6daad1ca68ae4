import { type DpoOptions, DpoOptionsSchema, dpo } from "./dpo.js";
import { UnknownLossError } from "./errors/unknown-loss-error.js";
import { type GrpoOptions, GrpoOptionsSchema, grpo } from "./grpo.js";
import type { LossFn } from "./loss-fn.js";
import { type ReinforcePpOptions, ReinforcePpOptionsSchema, reinforcePp } from "./reinforce-pp.js";
import { type RrhfOptions, RrhfOptionsSchema, rrhf } from "./rrhf.js";
import { type SftOptions, SftOptionsSchema, sft } from "./sft.js";

/** Each loss's options (all optional; defaults in the loss's schema). */
export interface LossOptionsByName {
  sft: SftOptions;
  rrhf: RrhfOptions;
  dpo: DpoOptions;
  grpo: GrpoOptions;
  "reinforce-pp": ReinforcePpOptions;
}

/** The `--algo` names. */
export type LossName = keyof LossOptionsByName;

/** Every loss by name. Adding an algorithm = one file + one line here (and one in the map above). */
export const LOSSES = {
  sft,
  rrhf,
  dpo,
  grpo,
  "reinforce-pp": reinforcePp,
} satisfies { [N in LossName]: LossFn<LossOptionsByName[N]> };

/**
 * The options schema of each loss, for validating a config file's loss section at the boundary
 * (`LOSS_OPTIONS_SCHEMAS[name].parse(section)` fills in the defaults and rejects unknown keys).
 */
export const LOSS_OPTIONS_SCHEMAS = {
  sft: SftOptionsSchema,
  rrhf: RrhfOptionsSchema,
  dpo: DpoOptionsSchema,
  grpo: GrpoOptionsSchema,
  "reinforce-pp": ReinforcePpOptionsSchema,
} as const satisfies Record<LossName, unknown>;

export const LOSS_NAMES = Object.keys(LOSSES) as LossName[];

export function isLossName(name: string): name is LossName {
  return Object.hasOwn(LOSSES, name);
}

/**
 * The loss called `name`. With a literal name the options type is that loss's; with a name read
 * at run time (a CLI flag) narrow it first with `isLossName`, or pass the string and let an
 * unknown one throw UnknownLossError listing the valid names.
 */
export function getLoss<N extends LossName>(name: N): LossFn<LossOptionsByName[N]>;
export function getLoss(name: string): LossFn<LossOptionsByName[LossName]>;
export function getLoss(name: string): LossFn<LossOptionsByName[LossName]> {
  if (!isLossName(name)) throw new UnknownLossError(name, LOSS_NAMES);
  return LOSSES[name] as LossFn<LossOptionsByName[LossName]>;
}
