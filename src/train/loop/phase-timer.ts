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
