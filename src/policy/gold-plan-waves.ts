import type { Subtask } from "../core/index.js";

/**
 * Groups a gold plan into waves that can run as parallel calls in one turn: a subtask's wave is
 * one more than the latest wave it depends on. Independent subtasks share wave 0; a chain
 * a → b → c takes three waves.
 */
export function goldPlanWaves(subtasks: readonly Subtask[]): number[][] {
  const depth: number[] = [];
  const waves: number[][] = [];
  subtasks.forEach((subtask, i) => {
    const d = subtask.after.reduce((max, dep) => Math.max(max, (depth[dep] ?? 0) + 1), 0);
    depth[i] = d;
    (waves[d] ??= []).push(i);
  });
  return waves;
}
