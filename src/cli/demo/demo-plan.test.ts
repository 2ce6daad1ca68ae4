import { describe, expect, it } from "vitest";
import {
  DEMO_COSTS,
  DEMO_MARGIN,
  DEMO_SHARES,
  demoStageUnits,
  HELD_OUT_BOUNDS,
  planDemo,
  planRlSteps,
} from "./demo-plan.js";

const evals = { evalInterval: 50, evalLimit: 100 };
const recipe = { sft: evals, rl: { evalInterval: 25, evalLimit: 100 } };
const total = (units: Record<string, number>) => Object.values(units).reduce((a, b) => a + b, 0);

describe("planDemo", () => {
  it("gives sft and rl their shares of the budget at the measured speed", () => {
    const plan = planDemo({ trainEnvs: 3000, minutes: 10, unitSeconds: 0.5, recipe });
    const units = demoStageUnits(plan);
    const budgetUnits = 600 / 0.5;
    for (const [stage, share, stepCost] of [
      ["sft", DEMO_SHARES.sft, DEMO_COSTS.sftStep],
      ["rl", DEMO_SHARES.rl, DEMO_COSTS.rlStep],
    ] as const) {
      expect(units[stage]).toBeLessThanOrEqual(share * budgetUnits);
      // One step more would not fit (its own held-out evaluation included).
      expect(units[stage] + stepCost).toBeGreaterThan(share * budgetUnits - 2 * 100 * 0.06);
    }
    // The whole plan costs about the budget (less the held-out environments beyond the bound).
    expect(plan.heldOut).toBe(HELD_OUT_BOUNDS.max);
    expect(total(units)).toBeLessThanOrEqual(budgetUnits);
    expect(total(units)).toBeGreaterThan(0.85 * budgetUnits);
    // The runs' own evaluations take the recipe's limit of the held-out environments.
    expect(plan.inRunEvals).toEqual({
      sft: { every: 50, episodes: 100 },
      rl: { every: 25, episodes: 100 },
    });
  });

  it("scales with the budget and the machine's speed", () => {
    const base = planDemo({ trainEnvs: 3000, minutes: 10, unitSeconds: 4, recipe });
    const longer = planDemo({ trainEnvs: 3000, minutes: 20, unitSeconds: 4, recipe });
    const slower = planDemo({ trainEnvs: 3000, minutes: 10, unitSeconds: 8, recipe });
    expect(longer.heldOut).toBeGreaterThan(base.heldOut);
    expect(slower.sftSteps).toBeLessThanOrEqual(base.sftSteps / 2);
    expect(slower.sftSteps).toBeGreaterThan(base.sftSteps / 2 - 5);
    expect(slower.rlSteps).toBeLessThanOrEqual(base.rlSteps / 2);
    expect(longer.sftSteps).toBeGreaterThanOrEqual(2 * base.sftSteps);
  });

  it("keeps at least a step of each stage and the held-out bounds", () => {
    const tiny = planDemo({ trainEnvs: 3000, minutes: 0.01, unitSeconds: 5, recipe });
    expect(tiny).toMatchObject({ sftSteps: 1, rlSteps: 1, heldOut: HELD_OUT_BOUNDS.min });
    const huge = planDemo({ trainEnvs: 3000, minutes: 600, unitSeconds: 0.1, recipe });
    expect(huge.heldOut).toBe(HELD_OUT_BOUNDS.max);
  });

  it("keeps the sizes given, whatever the budget", () => {
    const plan = planDemo({
      trainEnvs: 3000,
      minutes: 10,
      unitSeconds: 3,
      recipe,
      sftSteps: 7,
      rlSteps: 2,
      heldOut: 5,
    });
    expect(plan).toMatchObject({ sftSteps: 7, rlSteps: 2, heldOut: 5, budgetSeconds: 600 });
  });
});

describe("planRlSteps", () => {
  const plan = planDemo({ trainEnvs: 3000, minutes: 10, unitSeconds: 1, recipe });

  it("fills the time left at the speed sft showed, keeping the last evaluation's time and a margin", () => {
    const secondsLeft = 300;
    const left = secondsLeft - DEMO_MARGIN * plan.budgetSeconds;
    const steps = planRlSteps({ plan, secondsLeft, unitSeconds: 1 });
    const rest = (rlSteps: number) => {
      const units = demoStageUnits({ ...plan, rlSteps });
      return units.rl + units.evalRl + units.report;
    };
    expect(rest(steps)).toBeLessThanOrEqual(left);
    expect(rest(steps + 1)).toBeGreaterThan(left);
    // A machine twice as slow gets fewer than half the steps (its reserve doubles too).
    const slow = planRlSteps({ plan, secondsLeft, unitSeconds: 2 });
    expect(slow).toBeLessThanOrEqual(steps / 2);
    expect(slow).toBeGreaterThan(steps / 2 - 3);
  });

  it("never takes a unit cheaper than the one measured at the start", () => {
    const secondsLeft = 300;
    const measured = planRlSteps({ plan, secondsLeft, unitSeconds: plan.unitSeconds });
    expect(planRlSteps({ plan, secondsLeft, unitSeconds: plan.unitSeconds / 2 })).toBe(measured);
    expect(planRlSteps({ plan, secondsLeft, unitSeconds: plan.unitSeconds * 2 })).toBeLessThan(
      measured,
    );
  });

  it("plays one step when the budget is spent", () => {
    expect(planRlSteps({ plan, secondsLeft: -50, unitSeconds: 1 })).toBe(1);
  });
});
