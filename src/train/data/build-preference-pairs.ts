import type { EnvironmentRecord, Trajectory } from "../../core/index.js";
import type { PreferencePair } from "./records.js";

export interface BuildPreferencePairsOptions {
  /** Scored trajectories, several per environment (e.g. `runRollouts` with `samplesPerEnv`). */
  readonly trajectories: readonly Trajectory[];
  /** The environments, for their tools. */
  readonly records: readonly EnvironmentRecord[];
  /** Pairs whose rewards differ by no more than this are not made. Default 0 (any difference). */
  readonly minMargin?: number;
  /** Pairs per environment at most: best with worst, second best with second worst, … Default 1. */
  readonly pairsPerEnv?: number;
}

/**
 * Preference pairs from scored trajectories of the same environment: the trajectories of each
 * environment are ranked by `reward.total` (ties broken by Solve-F1, then id, so the result is
 * deterministic) and the k-th best is paired with the k-th worst while its reward is higher by
 * more than `minMargin`. Environments whose trajectories all score alike give no pair.
 *
 * @example
 * const { trajectories } = await runRollouts({ records, policy, samplesPerEnv: 4 });
 * const pairs = buildPreferencePairs({ trajectories, records, minMargin: 0.1 });
 */
export function buildPreferencePairs({
  trajectories,
  records,
  minMargin = 0,
  pairsPerEnv = 1,
}: BuildPreferencePairsOptions): PreferencePair[] {
  const tools = new Map(records.map((r) => [r.id, r.tools]));
  const groups = new Map<string, Trajectory[]>();
  for (const t of trajectories) {
    const group = groups.get(t.env_id) ?? [];
    group.push(t);
    groups.set(t.env_id, group);
  }
  const pairs: PreferencePair[] = [];
  for (const [envId, group] of groups) {
    const ranked = [...group].sort(
      (a, b) =>
        b.reward.total - a.reward.total ||
        b.metrics.solve_f1 - a.metrics.solve_f1 ||
        a.id.localeCompare(b.id),
    );
    for (let k = 0; k < pairsPerEnv && k < ranked.length - 1 - k; k++) {
      const chosen = ranked[k];
      const rejected = ranked[ranked.length - 1 - k];
      if (!(chosen.reward.total - rejected.reward.total > minMargin)) break;
      const opening = openingLength(chosen);
      pairs.push({
        id: `${envId}#pair${k}`,
        env_id: envId,
        tools: tools.get(envId) ?? [],
        prompt: chosen.messages.slice(0, opening),
        chosen: chosen.messages.slice(opening),
        rejected: rejected.messages.slice(openingLength(rejected)),
        chosen_reward: chosen.reward.total,
        rejected_reward: rejected.reward.total,
        ...(chosen.tokens && rejected.tokens
          ? { chosen_tokens: chosen.tokens, rejected_tokens: rejected.tokens }
          : {}),
      });
    }
  }
  return pairs;
}

/** Messages before the first assistant turn: the environment's opening. */
function openingLength(t: Trajectory): number {
  const first = t.messages.findIndex((m) => m.role === "assistant");
  return first < 0 ? t.messages.length : first;
}
