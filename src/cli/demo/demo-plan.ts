import { z } from "zod";

/**
 * What each kind of work costs, in units of `measureStepSeconds` (a forward, backward and AdamW
 * step of the run's model on `batchSize` sequences of 256 tokens). Measured on this project's
 * 2-core machine, busy with other work (load 10), the demo's stages against the unit in the same
 * process, in CPU time and in wall time alike (unit 0.62 s CPU, 2.7–3 s wall):
 *
 * - sftStep: a behaviour-cloning step on fresh environments, their building included
 *   (1.23 s CPU, 6.2 s wall: 2.0 and 2.2 units);
 * - rlStep: a GRPO step, 16 prompts × 4 samples played with tools executed, then the update
 *   (10.1 s CPU, 43 s wall: 16 and 15 units);
 * - evalEpisode: one held-out episode, greedy, batched with the others (0.04 s CPU, 0.15 s
 *   wall: 0.06 and 0.05 units);
 * - fixed: building the environment files, a run's setup (tokenizer, data), the report.
 *
 * `demo.json` keeps every run's unit and stage times, to check them against.
 */
export const DEMO_COSTS = { sftStep: 2, rlStep: 15, evalEpisode: 0.06, fixed: 12 } as const;

/** Shares of the budget: behaviour cloning, then RL; the rest builds, evaluates and reports. */
export const DEMO_SHARES = { sft: 0.55, rl: 0.3 } as const;

/** Environments in the training file: the tokenizer is trained on them (training draws fresh ones). */
export const DEMO_TRAIN_ENVS = 200;

/** Held-out environments at least (intervals narrower than ±0.3) and at most (the page's size). */
export const HELD_OUT_BOUNDS = { min: 10, max: 500 } as const;

/** Evaluations of every held-out environment: untrained, after SFT, after RL. */
const EVALS = 3;

export const DemoPlanSchema = z.object({
  budgetSeconds: z.number().positive(),
  /** Seconds of one cost unit (`measureStepSeconds`) as measured at the start. */
  unitSeconds: z.number().positive(),
  trainEnvs: z.number().int().positive(),
  heldOut: z.number().int().positive(),
  sftSteps: z.number().int().positive(),
  /** Part of `sftSteps`: the recipe's copy warm-up, scaled like the steps. */
  copyWarmupSteps: z.number().int().nonnegative(),
  /** Planned at the start; `planRlSteps` sets it again from SFT's real speed unless given. */
  rlSteps: z.number().int().positive(),
  /** The recipe's steps between a run's own held-out evaluations (0: first and last only). */
  evalInterval: z.number().int().nonnegative(),
  /** Episodes of each of those evaluations (the recipe's `evalLimit` of the held-out ones). */
  inRunEvalEpisodes: z.number().int().nonnegative(),
});
export type DemoPlan = z.infer<typeof DemoPlanSchema>;

export interface PlanDemoOptions {
  readonly minutes: number;
  /** `measureStepSeconds` here and now. */
  readonly unitSeconds: number;
  /**
   * The recipe (trainConfigSchema's defaults): the copy warm-up keeps its share of `steps`; the
   * runs evaluate held-out environments every `evalInterval` steps, `evalLimit` of them (0: all).
   */
  readonly recipe: {
    readonly steps: number;
    readonly copyWarmupSteps: number;
    readonly evalInterval: number;
    readonly evalLimit: number;
  };
  readonly sftSteps?: number;
  readonly rlSteps?: number;
  readonly heldOut?: number;
}

/**
 * Sizes a demo to its budget: SFT gets `DEMO_SHARES.sft` of it, RL `DEMO_SHARES.rl` (each with
 * its run's own held-out evaluations), and the rest pays for the fixed work and three
 * evaluations of the held-out environments, whose number follows from it. Sizes given
 * explicitly are kept (a rerun with the printed sizes is the same run). The copy warm-up is the
 * recipe's share of the SFT steps, at least one step left for the gold plans.
 *
 * @example
 * planDemo({ minutes: 10, unitSeconds: 0.5, recipe: { steps: 200, copyWarmupSteps: 0, evalInterval: 50, evalLimit: 100 } })
 * // { sftSteps: 310, rlSteps: 22, heldOut: 500, … }
 */
export function planDemo({
  minutes,
  unitSeconds,
  recipe,
  sftSteps: givenSft,
  rlSteps: givenRl,
  heldOut: givenHeldOut,
}: PlanDemoOptions): DemoPlan {
  const budgetSeconds = minutes * 60;
  const budgetUnits = budgetSeconds / unitSeconds;
  const evalUnits = (1 - DEMO_SHARES.sft - DEMO_SHARES.rl) * budgetUnits - DEMO_COSTS.fixed / 2;
  const heldOut =
    givenHeldOut ??
    Math.min(
      HELD_OUT_BOUNDS.max,
      Math.max(HELD_OUT_BOUNDS.min, Math.floor(evalUnits / (EVALS * DEMO_COSTS.evalEpisode))),
    );
  const evals = {
    evalInterval: recipe.evalInterval,
    inRunEvalEpisodes: recipe.evalLimit > 0 ? Math.min(recipe.evalLimit, heldOut) : heldOut,
  };
  const sftSteps =
    givenSft ?? stepsWithin(DEMO_SHARES.sft * budgetUnits, DEMO_COSTS.sftStep, evals);
  const rlSteps = givenRl ?? stepsWithin(DEMO_SHARES.rl * budgetUnits, DEMO_COSTS.rlStep, evals);
  const copyShare = recipe.steps > 0 ? recipe.copyWarmupSteps / recipe.steps : 0;
  const copyWarmupSteps = Math.min(Math.max(0, sftSteps - 1), Math.round(copyShare * sftSteps));
  return {
    budgetSeconds,
    unitSeconds,
    trainEnvs: DEMO_TRAIN_ENVS,
    heldOut,
    sftSteps,
    copyWarmupSteps,
    rlSteps,
    ...evals,
  };
}

type InRunEvals = Pick<DemoPlan, "evalInterval" | "inRunEvalEpisodes">;

/** A training run's units: its steps, its own held-out evaluations (`train`'s), its setup. */
function runUnits(steps: number, stepCost: number, plan: InRunEvals): number {
  const { evalInterval: every } = plan;
  // Before the first step, every `every` steps, and after the last.
  const evals =
    1 + (every > 0 ? Math.floor(steps / every) : 0) + (every > 0 && steps % every === 0 ? 0 : 1);
  return (
    steps * stepCost +
    evals * plan.inRunEvalEpisodes * DEMO_COSTS.evalEpisode +
    DEMO_COSTS.fixed / 4
  );
}

/** The most steps (at least one) whose run fits in `units`. */
function stepsWithin(units: number, stepCost: number, plan: InRunEvals): number {
  const evalUnits = plan.inRunEvalEpisodes * DEMO_COSTS.evalEpisode;
  const perStep = stepCost + (plan.evalInterval > 0 ? evalUnits / plan.evalInterval : 0);
  let steps = Math.max(1, Math.floor((units - DEMO_COSTS.fixed / 4 - 2 * evalUnits) / perStep));
  while (steps > 1 && runUnits(steps, stepCost, plan) > units) steps--;
  return steps;
}

/** The demo's stages in order, each with what it costs in units (see DEMO_COSTS). */
export function demoStageUnits(
  plan: Pick<DemoPlan, "sftSteps" | "rlSteps" | "heldOut"> & InRunEvals,
) {
  const evalUnits = plan.heldOut * DEMO_COSTS.evalEpisode;
  return {
    envs: DEMO_COSTS.fixed / 4,
    sft: runUnits(plan.sftSteps, DEMO_COSTS.sftStep, plan),
    evalUntrained: evalUnits,
    evalSft: evalUnits,
    rl: runUnits(plan.rlSteps, DEMO_COSTS.rlStep, plan),
    evalRl: evalUnits,
    report: DEMO_COSTS.fixed / 4,
  };
}
export type DemoStage = keyof ReturnType<typeof demoStageUnits>;

export interface PlanRlStepsOptions {
  readonly plan: DemoPlan;
  /** Seconds of the budget not spent yet. */
  readonly secondsLeft: number;
  /** What a unit has cost so far (`DemoProgress.unitSeconds`): SFT showed this machine's speed. */
  readonly unitSeconds: number;
}

/**
 * RL steps for the time left, now that SFT showed how fast this machine really is today, the
 * last evaluation and the report kept their time. At least one step, so that the demo always
 * shows each stage.
 */
export function planRlSteps({ plan, secondsLeft, unitSeconds }: PlanRlStepsOptions): number {
  const units = demoStageUnits(plan);
  return stepsWithin(
    secondsLeft / unitSeconds - units.evalRl - units.report,
    DEMO_COSTS.rlStep,
    plan,
  );
}
