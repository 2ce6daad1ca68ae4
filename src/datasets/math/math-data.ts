import type { MathProblem } from "../../core/index.js";

/** A record of a data set that is well-formed but cannot be a math problem, and why. */
export interface SkippedProblem {
  readonly id: string;
  readonly file: string;
  readonly line?: number;
  readonly reason: string;
}

/** The problems of a data set, and the records left out (listed, never silently dropped). */
export interface MathData {
  readonly problems: MathProblem[];
  readonly skipped: SkippedProblem[];
}
