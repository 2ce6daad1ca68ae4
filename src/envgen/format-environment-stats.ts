import type { Distribution, EnvironmentStats } from "./environment-stats.js";

function line(label: string, counts: Record<string, number>, total?: number): string {
  const parts = Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .map(([key, n]) =>
      total ? `${key} ${n} (${((100 * n) / total).toFixed(1)}%)` : `${key} ${n}`,
    );
  return `${label.padEnd(22)}${parts.join(", ") || "—"}`;
}

function dist(label: string, d: Distribution): string {
  const bins = Object.entries(d.histogram)
    .map(([value, n]) => `${value}:${n}`)
    .join(" ");
  return `${label.padEnd(22)}mean ${d.mean.toFixed(2)}  [${bins}]`;
}

/**
 * The text `toolgym envs stats` prints: one line per statistic, rejections by reason when the
 * build's sidecar is there.
 *
 * @example
 * formatEnvironmentStats(computeEnvironmentStats(records), { attempts: 2100, rejections: { duplicate_question: 12 } })
 */
export function formatEnvironmentStats(
  stats: EnvironmentStats,
  build?: { attempts: number; rejections: Record<string, number> },
): string {
  const n = stats.environments;
  const lines = [
    `${"environments".padEnd(22)}${n}`,
    line("scenarios", stats.scenarios, n),
    dist("hops (waves)", stats.hops),
    dist("steps", stats.steps),
    dist("tools per env", stats.toolsPerEnv),
    dist("distractors per env", stats.distractorsPerEnv),
    dist("near-duplicates", stats.nearDuplicatesPerEnv),
    line("tool families", stats.families),
    line("parameter types", stats.parameterTypes),
    `${"optional parameters".padEnd(22)}${stats.optionalParameters}`,
    line("complexity (envs)", stats.complexity),
    `${"integrated (envs)".padEnd(22)}${stats.integrated}`,
    line("splits", stats.splits),
    line("sources", stats.sources),
  ];
  if (build !== undefined) {
    const rejected = Object.values(build.rejections).reduce((s, v) => s + v, 0);
    lines.push(
      `${"candidates".padEnd(22)}${build.attempts} (${rejected} rejected, ${((100 * rejected) / Math.max(1, build.attempts)).toFixed(1)}%)`,
      line("rejections", build.rejections),
    );
  }
  return lines.join("\n");
}
