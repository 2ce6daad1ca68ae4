import { z } from "zod";

/**
 * What each kind of work costs, in units of `measureStepSeconds` (a forward, backward and AdamW
 * step of the run's model on `batchSize` sequences of 256 tokens). Measured with the default
 * demo on this project's 2-core machine (native kernel), the unit timed at its start:
 *
 * | load | unit | sft step | grpo step (8 × 8 episodes) | held-out episode | environment built |
 * |---|---|---|---|---|---|
 * | 2–4 | 0.27 s | 0.37 s (1.4) | 3.1 s (11.5) | 0.01–0.02 s | 0.0007 s |
 * | ≈ 11 | 0.97 s | 1.02 s (1.05) | 6.4 s (6.6) | 0.025 s | 0.0034 s |
 *
 * and a run's setup (files read, the tokenizer trained) 6–20 s. The quiet machine's ratios are
 * the higher ones and are taken, so that the demo ends inside its budget there and earlier on a
 * busy one; the ETAs correct them as it runs, and RL's steps are planned again from what SFT
 * really took. `demo.json` keeps each run's unit and stage times.
 */
export const DEMO_COSTS = {
  sftStep: 1.45,
  rlStep: 12,
  evalEpisode: 0.06,
  envBuild: 0.003,
  runSetup: 8,
  report: 2,
} as const;

/** Shares of the budget: behaviour cloning, then RL; the rest builds, evaluates and reports. */
export const DEMO_SHARES = { sft: 0.55, rl: 0.3 } as const;

/**
 * Share of the budget RL's planning leaves free: for the estimates' error, and for what runs
 * before the demo (`npm run demo` builds the package first).
 */
export const DEMO_MARGIN = 0.03;

/** Held-out environments at least (intervals narrower than ±0.3) and at most (the test set of issue 9's measure). */
export const HELD_OUT_BOUNDS = { min: 10, max: 200 } as const;

/** Evaluations of every held-out environment: untrained, after SFT, after RL. */
const EVALS = 3;

/** A training run's own held-out evaluations (`train`'s): every `every` steps (0: first and last only), `episodes` each. */
const InRunEvalsSchema = z.object({
  every: z.number().int().nonnegative(),
  episodes: z.number().int().nonnegative(),
});
type InRunEvals = z.infer<typeof InRunEvalsSchema>;

export const DemoPlanSchema = z.object({
  budgetSeconds: z.number().positive(),
  /** Seconds of one cost unit (`measureStepSeconds`) as measured at the start. */
  unitSeconds: z.number().positive(),
  /** Environments of the training file: its conversations train the tokenizer. */
  trainEnvs: z.number().int().positive(),
  heldOut: z.number().int().positive(),
  sftSteps: z.number().int().positive(),
  /** Planned at the start; `planRlSteps` sets it again from SFT's real speed unless given. */
  rlSteps: z.number().int().positive(),
  /** The recipe's evaluations inside each run, counted in its cost. */
  inRunEvals: z.object({ sft: InRunEvalsSchema, rl: InRunEvalsSchema }),
});
export type DemoPlan = z.infer<typeof DemoPlanSchema>;

/** What the recipe (`resolveTrainConfig`'s defaults for each stage) says about a run's own evaluations. */
interface RecipeEvals {
  readonly evalInterval: number;
  /** Held-out environments each evaluation plays at most; 0 = all. */
  readonly evalLimit: number;
}

export interface PlanDemoOptions {
  readonly minutes: number;
  readonly trainEnvs: number;
  /** `measureStepSeconds` here and now. */
  readonly unitSeconds: number;
  readonly recipe: { readonly sft: RecipeEvals; readonly rl: RecipeEvals };
  readonly sftSteps?: number;
  readonly rlSteps?: number;
  readonly heldOut?: number;
}

/**
 * Sizes a demo to its budget: SFT gets `DEMO_SHARES.sft` of it, RL `DEMO_SHARES.rl` (each with
 * its run's own held-out evaluations), and the rest pays for building the environments, the report and three
 * evaluations of the held-out environments, whose number follows from it. Sizes given
 * explicitly are kept: a rerun with the printed sizes is the same run.
 *
 * @example
 * const evals = { evalInterval: 50, evalLimit: 100 };
 * planDemo({ minutes: 10, unitSeconds: 0.5, recipe: { sft: evals, rl: evals } })
 * // { sftSteps: 310, rlSteps: 22, heldOut: 500, … }
 */
export function planDemo({
  minutes,
  trainEnvs,
  unitSeconds,
  recipe,
  sftSteps: givenSft,
  rlSteps: givenRl,
  heldOut: givenHeldOut,
}: PlanDemoOptions): DemoPlan {
  const budgetSeconds = minutes * 60;
  const budgetUnits = budgetSeconds / unitSeconds;
  const evalUnits =
    (1 - DEMO_SHARES.sft - DEMO_SHARES.rl) * budgetUnits -
    trainEnvs * DEMO_COSTS.envBuild -
    DEMO_COSTS.report;
  // Each held-out environment: built, then played three times.
  const perHeldOut = EVALS * DEMO_COSTS.evalEpisode + DEMO_COSTS.envBuild;
  const heldOut =
    givenHeldOut ??
    Math.min(
      HELD_OUT_BOUNDS.max,
      Math.max(HELD_OUT_BOUNDS.min, Math.floor(evalUnits / perHeldOut)),
    );
  const inRun = ({ evalInterval, evalLimit }: RecipeEvals): InRunEvals => ({
    every: evalInterval,
    episodes: evalLimit > 0 ? Math.min(evalLimit, heldOut) : heldOut,
  });
  const inRunEvals = { sft: inRun(recipe.sft), rl: inRun(recipe.rl) };
  return {
    budgetSeconds,
    unitSeconds,
    trainEnvs,
    heldOut,
    sftSteps:
      givenSft ?? stepsWithin(DEMO_SHARES.sft * budgetUnits, DEMO_COSTS.sftStep, inRunEvals.sft),
    rlSteps: givenRl ?? stepsWithin(DEMO_SHARES.rl * budgetUnits, DEMO_COSTS.rlStep, inRunEvals.rl),
    inRunEvals,
  };
}

/** A training run's units: its steps, its own held-out evaluations (`train`'s), its setup. */
function runUnits(steps: number, stepCost: number, { every, episodes }: InRunEvals): number {
  // Before the first step, every `every` steps, and after the last.
  const evals =
    1 + (every > 0 ? Math.floor(steps / every) : 0) + (every > 0 && steps % every === 0 ? 0 : 1);
  return steps * stepCost + evals * episodes * DEMO_COSTS.evalEpisode + DEMO_COSTS.runSetup;
}

/** The most steps (at least one) whose run fits in `units`. */
function stepsWithin(units: number, stepCost: number, evals: InRunEvals): number {
  const evalUnits = evals.episodes * DEMO_COSTS.evalEpisode;
  const perStep = stepCost + (evals.every > 0 ? evalUnits / evals.every : 0);
  let steps = Math.max(1, Math.floor((units - DEMO_COSTS.runSetup - 2 * evalUnits) / perStep));
  while (steps > 1 && runUnits(steps, stepCost, evals) > units) steps--;
  return steps;
}

/** The demo's stages in order, each with what it costs in units (see DEMO_COSTS). */
export function demoStageUnits(
  plan: Pick<DemoPlan, "trainEnvs" | "sftSteps" | "rlSteps" | "heldOut" | "inRunEvals">,
) {
  const evalUnits = plan.heldOut * DEMO_COSTS.evalEpisode;
  return {
    envs: (plan.trainEnvs + plan.heldOut) * DEMO_COSTS.envBuild,
    sft: runUnits(plan.sftSteps, DEMO_COSTS.sftStep, plan.inRunEvals.sft),
    evalUntrained: evalUnits,
    evalSft: evalUnits,
    rl: runUnits(plan.rlSteps, DEMO_COSTS.rlStep, plan.inRunEvals.rl),
    evalRl: evalUnits,
    report: DEMO_COSTS.report,
  };
}
export type DemoStage = keyof ReturnType<typeof demoStageUnits>;

/** The stages in the order the demo runs them, with their titles in its progress. */
export const DEMO_STAGES: readonly { readonly stage: DemoStage; readonly title: string }[] = [
  { stage: "envs", title: "build environments" },
  { stage: "sft", title: "train sft (behaviour cloning)" },
  { stage: "evalUntrained", title: "evaluate the untrained model" },
  { stage: "evalSft", title: "evaluate after sft" },
  { stage: "rl", title: "train grpo (RL on the verifiable reward)" },
  { stage: "evalRl", title: "evaluate after grpo" },
  { stage: "report", title: "write the report" },
];

export interface PlanRlStepsOptions {
  readonly plan: DemoPlan;
  /** Seconds of the budget not spent yet. */
  readonly secondsLeft: number;
  /** What a unit has cost so far (`DemoProgress.unitSeconds`), SFT included. */
  readonly unitSeconds: number;
}

/**
 * RL steps for the time left, the last evaluation, the report and `DEMO_MARGIN` kept their
 * time. A unit costs what SFT showed or what was measured at the start, whichever is more: SFT's
 * steps vary in cost (its copy warm-up's are short) and load comes and goes, and an RL step
 * misjudged is paid a hundred times over. At least one step, so that the demo always shows each
 * stage.
 */
export function planRlSteps({ plan, secondsLeft, unitSeconds }: PlanRlStepsOptions): number {
  const units = demoStageUnits(plan);
  const unit = Math.max(unitSeconds, plan.unitSeconds);
  const margin = DEMO_MARGIN * plan.budgetSeconds;
  const left = (secondsLeft - margin) / unit - units.evalRl - units.report;
  return stepsWithin(left, DEMO_COSTS.rlStep, plan.inRunEvals.rl);
}
