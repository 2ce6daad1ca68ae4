import type { EnvironmentRecord } from "../core/index.js";

/** A histogram (value → environments) and its mean. */
export interface DistributionView {
  readonly histogram: Record<string, number>;
  readonly mean: number;
}

/**
 * The statistics of a file of environments that the report shows: the fields of envgen's
 * `EnvironmentStats` it reads. The report takes the function that computes them
 * (`computeEnvironmentStats`) from its caller, because DESIGN.md lets it import only core and
 * the statistics are envgen's to define.
 */
export interface EnvironmentStatsView {
  readonly environments: number;
  readonly scenarios: Record<string, number>;
  readonly hops: DistributionView;
  readonly steps: DistributionView;
  readonly toolsPerEnv: DistributionView;
  readonly distractorsPerEnv: DistributionView;
  readonly parameterTypes: Record<string, number>;
  readonly families: Record<string, number>;
  readonly splits: Record<string, number>;
  readonly sources: Record<string, number>;
}

export type EnvironmentStatsFn = (records: readonly EnvironmentRecord[]) => EnvironmentStatsView;
