import type { EnvironmentRecord } from "../core/index.js";
import { planWaves } from "./plan-shape.js";

/** A histogram (value → how many environments) and its mean. */
export interface Distribution {
  histogram: Record<string, number>;
  mean: number;
}

/** What `toolgym envs stats` reports about a file of environments. */
export interface EnvironmentStats {
  environments: number;
  scenarios: Record<string, number>;
  /** Waves of the gold plan: turns of parallel calls the oracle needs. */
  hops: Distribution;
  /** Steps (sub-questions) of the gold plan. */
  steps: Distribution;
  toolsPerEnv: Distribution;
  /** Tools no step uses: distractors and near-duplicates. */
  distractorsPerEnv: Distribution;
  nearDuplicatesPerEnv: Distribution;
  /** Tools by family (`meta.tool_families`; `unknown` for records without it). */
  families: Record<string, number>;
  /** Top-level parameters of every tool by type (`enum` for string enums), and optional ones. */
  parameterTypes: Record<string, number>;
  optionalParameters: number;
  /** Environments where each complexity strategy touched at least one tool. */
  complexity: Record<string, number>;
  /** Environments with at least one merged tool (function integration). */
  integrated: number;
  splits: Record<string, number>;
  sources: Record<string, number>;
}

function distribution(values: readonly number[]): Distribution {
  const histogram: Record<string, number> = {};
  for (const v of [...values].sort((a, b) => a - b)) histogram[v] = (histogram[v] ?? 0) + 1;
  const mean = values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
  return { histogram, mean };
}

function count(into: Record<string, number>, key: string, by = 1): void {
  into[key] = (into[key] ?? 0) + by;
}

/**
 * Distribution statistics of a set of environments: scenarios, hops, steps, tools per
 * environment, distractors and near-duplicates, tool families, parameter types, complexity
 * strategies applied, splits.
 *
 * @example
 * computeEnvironmentStats(records).scenarios // { single_hop: 50, parallel_single_hop: 50, … }
 */
export function computeEnvironmentStats(records: readonly EnvironmentRecord[]): EnvironmentStats {
  const stats: EnvironmentStats = {
    environments: records.length,
    scenarios: {},
    hops: distribution(records.map((r) => planWaves(r.subtasks).length)),
    steps: distribution(records.map((r) => r.subtasks.length)),
    toolsPerEnv: distribution(records.map((r) => r.tools.length)),
    distractorsPerEnv: distribution(records.map((r) => roleCount(r, "distractor"))),
    nearDuplicatesPerEnv: distribution(records.map((r) => roleCount(r, "near_duplicate"))),
    families: {},
    parameterTypes: {},
    optionalParameters: 0,
    complexity: {},
    integrated: 0,
    splits: {},
    sources: {},
  };
  for (const record of records) {
    count(stats.scenarios, record.scenario);
    count(stats.splits, typeof record.meta.split === "string" ? record.meta.split : "none");
    count(stats.sources, record.meta.source ?? "unknown");
    const families = record.meta.tool_families as Record<string, string> | undefined;
    for (const tool of record.tools) {
      count(stats.families, families?.[tool.function.name] ?? "unknown");
      const params = tool.function.parameters as {
        properties?: Record<string, { type?: string; enum?: unknown }>;
        required?: string[];
      };
      for (const [name, schema] of Object.entries(params.properties ?? {})) {
        count(stats.parameterTypes, schema.enum !== undefined ? "enum" : (schema.type ?? "any"));
        if (!(params.required ?? []).includes(name)) stats.optionalParameters++;
      }
    }
    for (const [strategy, tools] of Object.entries(record.meta.complexity ?? {}))
      if (Array.isArray(tools) && tools.length > 0) count(stats.complexity, strategy);
    if (Array.isArray(record.meta.merges) && record.meta.merges.length > 0) stats.integrated++;
  }
  return stats;
}

/** Tools of a role: from `meta.tool_roles`, else (no roles recorded) tools no step uses. */
function roleCount(record: EnvironmentRecord, role: "distractor" | "near_duplicate"): number {
  const roles = record.meta.tool_roles as Record<string, string> | undefined;
  if (roles !== undefined) return Object.values(roles).filter((r) => r === role).length;
  if (role === "near_duplicate") return 0;
  const used = new Set(record.subtasks.map((s) => s.tool));
  return record.tools.filter((t) => !used.has(t.function.name)).length;
}
