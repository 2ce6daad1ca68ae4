import { existsSync } from "node:fs";
import { z } from "zod";
import {
  JsonlAppender,
  readJsonlLines,
  type Trajectory,
  writeFileAtomic,
} from "../../core/index.js";
import { trajectorySummary } from "../../rollout/index.js";
import type { AdvantageResult } from "../advantages/index.js";
import type { LossResult } from "../losses/index.js";

// The run's log: metrics.jsonl, the per-phase timer, and the records of a step and of rollouts.

/** One line of metrics.jsonl: the step it describes, its kind, and named numbers. */
export interface MetricsRecord {
  readonly step: number;
  /** `train` every `logInterval` steps, `eval` for held-out evaluations. */
  readonly kind: "train" | "eval";
  readonly [metric: string]: number | string;
}

/**
 * metrics.jsonl of a run, one record a line, appended as the run goes. Opening it to resume
 * from step k first drops the records of steps after k — written by the interrupted run
 * after its last checkpoint, and about to be written again — so the file reads as one run.
 */
export class MetricsLog {
  readonly file: string;
  private readonly appender: JsonlAppender;

  constructor(file: string, { resumeFromStep }: { resumeFromStep?: number } = {}) {
    this.file = file;
    if (resumeFromStep === undefined) writeFileAtomic(file, "");
    else if (existsSync(file)) writeFileAtomic(file, keptLines(file, resumeFromStep));
    this.appender = new JsonlAppender(file);
  }

  append(record: MetricsRecord): void {
    this.appender.append(record);
  }

  close(): void {
    this.appender.close();
  }
}

function keptLines(file: string, lastStep: number): string {
  // Records of steps ≤ k (the evaluation after step k too) came before checkpoint k; a torn last
  // line of the killed run is not JSON and is dropped with them.
  return readJsonlLines(file, z.looseObject({ step: z.number() }), { invalid: "skip" })
    .filter(({ value }) => value.step <= lastStep)
    .map(({ value }) => `${JSON.stringify(value)}\n`)
    .join("");
}

/** The phases of one training step, in the order the loop runs them (STYLE.md item 5). */
export const TRAIN_PHASES = [
  "rollout",
  "reward",
  "reference",
  "advantage",
  "loss",
  "step",
] as const;
export type TrainPhase = (typeof TRAIN_PHASES)[number];

/**
 * Wall time and token throughput of each phase of a step, for the log: `time_<phase>_s` and,
 * where a phase processed tokens, `tok_s_<phase>` (tokens per second).
 */
export class PhaseTimer {
  private readonly seconds = new Map<TrainPhase, number>();
  private readonly tokens = new Map<TrainPhase, number>();
  private readonly now: () => number;

  /** @param now milliseconds (injectable for tests); default `performance.now`. */
  constructor(now: () => number = () => performance.now()) {
    this.now = now;
  }

  /**
   * Runs `fn` as `phase`; `tokens` (a number or a function of the result) sets its
   * throughput. A phase whose `fn` returns undefined had nothing to do (no reference policy,
   * no estimator) and is not recorded.
   */
  time<R>(
    phase: TrainPhase,
    fn: () => R,
    tokens?: number | ((result: R) => number | undefined),
  ): R {
    const started = this.now();
    const result = fn();
    this.add(phase, started, result, tokens);
    return result;
  }

  async timeAsync<R>(
    phase: TrainPhase,
    fn: () => Promise<R>,
    tokens?: number | ((result: R) => number | undefined),
  ): Promise<R> {
    const started = this.now();
    const result = await fn();
    this.add(phase, started, result, tokens);
    return result;
  }

  /** Seconds spent in every phase so far. */
  get totalSeconds(): number {
    let total = 0;
    for (const s of this.seconds.values()) total += s;
    return total;
  }

  metrics(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const phase of TRAIN_PHASES) {
      const s = this.seconds.get(phase);
      if (s === undefined) continue;
      out[`time_${phase}_s`] = s;
      const n = this.tokens.get(phase);
      if (n !== undefined && s > 0) out[`tok_s_${phase}`] = n / s;
    }
    return out;
  }

  private add<R>(
    phase: TrainPhase,
    started: number,
    result: R,
    tokens: number | ((result: R) => number | undefined) | undefined,
  ): void {
    const s = (this.now() - started) / 1000;
    if (result === undefined) return;
    const n = typeof tokens === "function" ? tokens(result) : tokens;
    this.seconds.set(phase, (this.seconds.get(phase) ?? 0) + s);
    if (n !== undefined) this.tokens.set(phase, (this.tokens.get(phase) ?? 0) + n);
  }
}

/**
 * The `train` record of one step in metrics.jsonl: the loss and its metrics (KL, clip
 * fraction, ranking accuracy…), the estimator's as `adv_*`, the rollouts' as `rollout_*`
 * (reward, Solve-F1, answer accuracy), and each phase's wall time and tokens/s.
 */
export function trainRecord({
  step,
  loss,
  lr,
  gradNorm,
  sequences,
  trainedTokens,
  advantage,
  rewards,
  sampledTokens,
  timer,
  elapsedSeconds,
}: {
  step: number;
  loss: LossResult;
  lr: number;
  gradNorm: number;
  sequences: number;
  trainedTokens: number;
  advantage: AdvantageResult | undefined;
  rewards: { readonly metrics: Record<string, number> } | undefined;
  sampledTokens: number | undefined;
  timer: PhaseTimer;
  elapsedSeconds: number;
}): MetricsRecord {
  return {
    step,
    kind: "train",
    loss: loss.loss,
    lr,
    grad_norm: gradNorm,
    sequences,
    trained_tokens: trainedTokens,
    ...loss.metrics,
    ...prefixed("adv_", advantage?.metrics),
    ...prefixed("rollout_", rewards?.metrics),
    ...(sampledTokens === undefined ? {} : { sampled_tokens: sampledTokens }),
    ...timer.metrics(),
    elapsed_s: elapsedSeconds,
  };
}

function prefixed(prefix: string, metrics: Record<string, number> | undefined) {
  return Object.fromEntries(Object.entries(metrics ?? {}).map(([k, v]) => [prefix + k, v]));
}

/**
 * What the log shows of a rollout batch or a held-out evaluation, from rollout's
 * `trajectorySummary` (the same figures as `toolgym eval`'s metrics.json): the reward
 * (Solve-P · Solve-R), Solve-P/R/F1, answer accuracy, tool calls per episode, the share of
 * calls that were errors, and `context_full_rate` (episodes whose first turn had no sampled
 * tokens: the prompt did not fit the context).
 */
export function rolloutMetrics(trajectories: readonly Trajectory[]): Record<string, number> {
  const summary = trajectorySummary(trajectories);
  const n = trajectories.length;
  const contextFull = trajectories.filter((t) => t.tokens === undefined).length;
  return {
    episodes: summary.episodes,
    reward_mean: summary.reward,
    solve_p: summary.solve_p,
    solve_r: summary.solve_r,
    solve_f1: summary.solve_f1,
    answer_accuracy: summary.answer_accuracy,
    calls_per_episode: summary.calls_per_episode,
    error_call_rate: summary.error_call_rate,
    context_full_rate: n === 0 ? 0 : contextFull / n,
  };
}
