import type { StageName } from "./stage-types.js";

/**
 * Thrown by a stage when this one candidate cannot become an environment (an LLM answer still
 * malformed after its repair round, a plan the stage cannot serve). The builder counts it under
 * `reason` and tries another candidate; it is not an operator error and never stops a build.
 */
export class CandidateRejection extends Error {
  override readonly name = "CandidateRejection";
  /** A short snake_case key the rejection counts are grouped by, e.g. `malformed_response`. */
  readonly reason: string;
  readonly stage: StageName | "verification";

  constructor(options: { reason: string; stage: StageName | "verification"; detail: string }) {
    super(`${options.stage}: ${options.reason}: ${options.detail}`);
    this.reason = options.reason;
    this.stage = options.stage;
  }
}
