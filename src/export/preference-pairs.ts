import type { Message, Trajectory } from "../core/index.js";

export interface TrajectoryPair {
  readonly envId: string;
  /** The messages both trajectories share, up to the first assistant turn where they part. */
  readonly prompt: Message[];
  /** From that turn on: the better trajectory's messages, and the worse one's. */
  readonly chosen: Message[];
  readonly rejected: Message[];
  readonly margin: number;
}

/**
 * One preference pair per environment from its trajectories: the highest-reward one against
 * the lowest, when their rewards differ by more than `minMargin`. The prompt is their common
 * prefix, so a pair of multi-turn trajectories that agree on the first turns is judged on the
 * turn where they part (a branch point, as step-level preference data is built).
 */
export function preferencePairs(
  trajectories: readonly Trajectory[],
  { minMargin = 0 }: { minMargin?: number } = {},
): TrajectoryPair[] {
  const byEnv = new Map<string, Trajectory[]>();
  for (const t of trajectories) byEnv.set(t.env_id, [...(byEnv.get(t.env_id) ?? []), t]);
  const pairs: TrajectoryPair[] = [];
  for (const [envId, group] of byEnv) {
    const sorted = [...group].sort((a, b) => b.reward.total - a.reward.total);
    const best = sorted[0];
    const worst = sorted[sorted.length - 1];
    const margin = best.reward.total - worst.reward.total;
    if (!(margin > minMargin)) continue;
    const split = partingTurn(best.messages, worst.messages);
    if (split === undefined) continue;
    pairs.push({
      envId,
      prompt: best.messages.slice(0, split),
      chosen: best.messages.slice(split),
      rejected: worst.messages.slice(split),
      margin,
    });
  }
  return pairs;
}

/** Index of the first assistant message where the two differ (all before it equal). */
function partingTurn(a: readonly Message[], b: readonly Message[]): number | undefined {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (sameMessage(a[i], b[i])) continue;
    return a[i].role === "assistant" && b[i].role === "assistant" ? i : undefined;
  }
  return undefined;
}

/** Equal for a model: same role and text, same calls by name and arguments (ids aside). */
function sameMessage(a: Message, b: Message): boolean {
  const shape = (m: Message) =>
    JSON.stringify([
      m.role,
      m.content,
      m.role === "assistant"
        ? (m.tool_calls ?? []).map((c) => [c.function.name, c.function.arguments])
        : [],
    ]);
  return shape(a) === shape(b);
}
