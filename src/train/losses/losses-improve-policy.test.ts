import { describe, expect, it } from "vitest";
import { groupRelativeAdvantages } from "../advantages/group-relative-advantages.js";
import { reinforcePpAdvantages } from "../advantages/reinforce-pp-advantages.js";
import { getLoss, TRAIN_ALGOS, type TrainAlgo } from "../algorithms.js";
import type { LossInput } from "./loss-fn.js";

// A three-armed bandit with a softmax policy: the smallest "model" whose log-probs the losses can
// push around. Each step samples every arm once (one group), scores it, builds the loss's input
// with the real estimators, and takes a gradient step through ∂logπ(a)/∂θ = e_a − softmax(θ).
// It pins down the sign conventions end to end: minimizing each loss must favour the best arm.
const REWARDS = [0, 1, 0.5];
const BEST = 1;

function logSoftmax(theta: number[]): number[] {
  const max = Math.max(...theta);
  const lse = max + Math.log(theta.reduce((s, x) => s + Math.exp(x - max), 0));
  return theta.map((x) => x - lse);
}

/**
 * The batch each loss trains on, rows = arms (T = 1): SFT imitates the best arm, DPO prefers it
 * to each other arm (chosen, rejected rows), the others see every arm once as one group.
 */
function batchFor(
  name: TrainAlgo,
  theta: number[],
  initial: number[],
): { arms: number[]; input: LossInput } {
  const lp = logSoftmax(theta);
  const ref = logSoftmax(initial);
  const arms = name === "sft" ? [BEST] : name === "dpo" ? [BEST, 0, BEST, 2] : [0, 1, 2];
  const B = arms.length;
  const base = {
    logprobs: Float64Array.from(arms, (a) => lp[a]),
    refLogprobs: Float64Array.from(arms, (a) => ref[a]),
    oldLogprobs: Float64Array.from(arms, (a) => lp[a]),
    mask: new Float32Array(B).fill(1),
    B,
    T: 1,
    rewards: Float64Array.from(arms, (a) => REWARDS[a]),
    groups: new Int32Array(B),
  };
  if (name === "grpo") return { arms, input: { ...base, ...groupRelativeAdvantages(base) } };
  if (name === "reinforce-pp") return { arms, input: { ...base, ...reinforcePpAdvantages(base) } };
  return { arms, input: base };
}

describe.each(TRAIN_ALGOS)("%s, minimized on a bandit", (name) => {
  it("moves probability to the best-rewarded arm", () => {
    const initial = [0.3, -0.2, 0.1];
    const theta = [...initial];
    for (let step = 0; step < 30; step++) {
      const { arms, input } = batchFor(name, theta, initial);
      const { grad } = getLoss(name)(input);
      const p = logSoftmax(theta).map(Math.exp);
      const dTheta = [0, 0, 0];
      arms.forEach((a, b) => {
        for (let k = 0; k < 3; k++) dTheta[k] += grad[b] * ((k === a ? 1 : 0) - p[k]);
      });
      for (let k = 0; k < 3; k++) theta[k] -= 0.5 * dTheta[k];
    }
    const p = logSoftmax(theta).map(Math.exp);
    expect(p[BEST]).toBeGreaterThan(Math.exp(logSoftmax(initial)[BEST]) + 0.1);
    expect(p[BEST]).toBe(Math.max(...p));
  });
});
