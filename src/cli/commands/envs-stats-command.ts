import { existsSync, readFileSync } from "node:fs";
import { DataFormatError, EnvironmentRecordSchema, readJsonl } from "../../core/index.js";
import {
  BuildSidecarSchema,
  buildSidecarPath,
  computeEnvironmentStats,
  formatEnvironmentStats,
} from "../../envgen/index.js";

export interface EnvsStatsCommandOptions {
  file: string;
  json?: boolean;
}

/**
 * `toolgym envs stats FILE`: distribution statistics of a file of environments, and the
 * build's rejections by reason when its sidecar (`FILE.stats.json`) is there.
 */
export async function envsStatsCommand(options: EnvsStatsCommandOptions): Promise<void> {
  const records = await readJsonl(options.file, EnvironmentRecordSchema);
  const stats = computeEnvironmentStats(records);
  const sidecarFile = buildSidecarPath(options.file);
  let build: { attempts: number; rejections: Record<string, number> } | undefined;
  if (existsSync(sidecarFile)) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(sidecarFile, "utf8"));
    } catch (error) {
      throw new DataFormatError({ file: sidecarFile, reason: (error as Error).message });
    }
    const parsed = BuildSidecarSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DataFormatError({
        file: sidecarFile,
        field: issue.path.join("."),
        reason: issue.message,
      });
    }
    build = { attempts: parsed.data.attempts, rejections: parsed.data.rejections };
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...stats, build: build ?? null }, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${formatEnvironmentStats(stats, build)}\n`);
}
