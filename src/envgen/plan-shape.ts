import type { Scenario, Subtask } from "../core/index.js";

/**
 * The waves of a plan: a step's wave is one more than the latest wave it depends on, so each
 * wave is a turn of parallel calls (the oracle plays plans this way).
 */
export function planWaves(subtasks: readonly Pick<Subtask, "after">[]): number[][] {
  const depth: number[] = [];
  const waves: number[][] = [];
  subtasks.forEach((subtask, i) => {
    const d = subtask.after.reduce((max, dep) => Math.max(max, depth[dep] + 1), 0);
    depth[i] = d;
    (waves[d] ??= []).push(i);
  });
  return waves;
}

/**
 * Whether a plan has its scenario's shape (FTRL's four scenarios):
 * - single_hop: one step;
 * - parallel_single_hop: two or more steps, none depending on another (one wave);
 * - multi_hop: a chain of two or more steps, each needing the one before (one step per wave);
 * - parallel_multi_hop: two or more waves, and a wave of two or more independent steps.
 */
export function planShapeFits(
  scenario: Scenario,
  subtasks: readonly Pick<Subtask, "after">[],
): boolean {
  const waves = planWaves(subtasks);
  switch (scenario) {
    case "single_hop":
      return subtasks.length === 1;
    case "parallel_single_hop":
      return subtasks.length >= 2 && waves.length === 1;
    case "multi_hop":
      return (
        subtasks.length >= 2 &&
        subtasks.every((s, i) =>
          i === 0 ? s.after.length === 0 : s.after.length === 1 && s.after[0] === i - 1,
        )
      );
    case "parallel_multi_hop":
      return waves.length >= 2 && waves.some((wave) => wave.length >= 2);
  }
}
