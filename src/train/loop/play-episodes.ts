import type { EnvironmentRecord, Trajectory } from "../../core/index.js";
import type { Gpt, Tokenizer } from "../../model/index.js";
import { createBuiltinPolicy } from "../../policy/builtin-policy.js";
import { runRollouts } from "../../rollout/index.js";
import type { Sandbox } from "../../sandbox/index.js";

export interface PlayEpisodesOptions {
  readonly model: Gpt;
  readonly tokenizer: Tokenizer;
  readonly records: readonly EnvironmentRecord[];
  /** Episodes per record (a GRPO group). */
  readonly samplesPerEnv: number;
  readonly sandbox: Sandbox;
  readonly seed: number;
  readonly temperature: number;
  readonly maxNewTokens: number;
  readonly maxTurns: number;
  readonly concurrency: number;
}

export interface PlayedEpisodes {
  /** Record i's samples at rows i·samplesPerEnv … (i+1)·samplesPerEnv − 1. */
  readonly trajectories: Trajectory[];
  /** Tokens sampled (every turn, every episode). */
  readonly sampledTokens: number;
}

/**
 * Plays the current weights of `model` — the built-in policy, tools executed in the sandbox —
 * `samplesPerEnv` times in each record, and returns the trajectories (with their sampled
 * tokens) in a fixed order whatever order the episodes finished in. Concurrent episodes are
 * sampled in micro-batches; with the same seed and the same records the batches, and so the
 * samples, are the same.
 */
export async function playEpisodes({
  model,
  tokenizer,
  records,
  samplesPerEnv,
  sandbox,
  seed,
  temperature,
  maxNewTokens,
  maxTurns,
  concurrency,
}: PlayEpisodesOptions): Promise<PlayedEpisodes> {
  // A record drawn twice in one batch (a batch across an epoch boundary) plays under a
  // distinct id, so that every episode has its own place.
  const seen = new Map<string, number>();
  const played = records.map((record) => {
    const n = (seen.get(record.id) ?? 0) + 1;
    seen.set(record.id, n);
    return n === 1 ? record : { ...record, id: `${record.id}~${n}` };
  });
  const policy = createBuiltinPolicy({
    model,
    tokenizer,
    seed,
    temperature,
    maxNewTokens,
    maxBatch: concurrency,
  });
  const { trajectories } = await runRollouts({
    records: played,
    policy,
    sandbox,
    samplesPerEnv,
    concurrency,
    maxTurns,
  });
  const place = new Map<string, number>();
  played.forEach((record, i) => {
    for (let k = 0; k < samplesPerEnv; k++) {
      place.set(samplesPerEnv === 1 ? record.id : `${record.id}#${k}`, i * samplesPerEnv + k);
    }
  });
  const ordered = [...trajectories].sort((a, b) => place.get(a.id)! - place.get(b.id)!);
  return { trajectories: ordered, sampledTokens: policy.stats.sampledTokens };
}
