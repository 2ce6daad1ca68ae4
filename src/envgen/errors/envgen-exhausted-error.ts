import { ToolgymError } from "../../core/index.js";

/**
 * No verified environment for one slot within the attempt budget: the options leave the
 * backend too little room (a split too narrow, a stage that keeps failing). The message gives
 * the rejection counts so the operator can see which.
 */
export class EnvgenExhaustedError extends ToolgymError {
  override readonly name = "EnvgenExhaustedError";
  readonly slot: number;
  readonly rejections: Readonly<Record<string, number>>;

  constructor(options: { slot: number; attempts: number; rejections: Record<string, number> }) {
    const counts = Object.entries(options.rejections)
      .map(([reason, n]) => `${reason} ${n}`)
      .join(", ");
    super(
      `no verified environment for slot ${options.slot} in ${options.attempts} attempts (rejections so far: ${counts || "none"}); widen the split or the scenarios, or raise maxAttemptsPerEnv`,
    );
    this.slot = options.slot;
    this.rejections = { ...options.rejections };
  }
}
