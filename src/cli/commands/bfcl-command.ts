import { join } from "node:path";
import { writeFileAtomic } from "../../core/index.js";
import { formatBfclTable, runBfcl } from "../../eval/bfcl/index.js";
import { parsePolicySpec } from "../parse-policy-spec.js";
import { createProgress } from "../progress.js";

export interface BfclCommandOptions {
  data?: string;
  /** Comma-separated categories or groups; default every category whose files are in `data`. */
  categories?: string;
  policy: string;
  out?: string;
  concurrency: number;
  limit?: number;
  timeoutMs?: number;
  toolFormat: "native" | "text";
}

/**
 * `toolgym bfcl`: accuracy per BFCL category under the leaderboard's rules, with the records
 * that could not be used listed on stderr and counted in the table.
 */
export async function bfclCommand(
  options: BfclCommandOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const policy =
    options.policy === "oracle"
      ? "oracle"
      : parsePolicySpec(options.policy, {
          apiKey: env.OPENAI_API_KEY,
          defaultBaseURL: env.OPENAI_BASE_URL,
          toolFormat: options.toolFormat,
          concurrency: options.concurrency,
          timeoutMs: options.timeoutMs,
        });
  const categories = options.categories
    ?.split(",")
    .map((c) => c.trim())
    .filter(Boolean);
  let progress: ReturnType<typeof createProgress> | undefined;
  const result = await runBfcl({
    dataDir: options.data,
    categories,
    policy,
    concurrency: options.concurrency,
    limit: options.limit,
    onProgress: ({ done, total }) => {
      progress ??= createProgress({ total, label: "bfcl" });
      progress.update(done);
    },
  });
  progress?.stop();
  // Unusable records are skipped, not fatal: say which, so the counts in the table can be traced.
  for (const { file, line, id, reason } of result.skipped) {
    const where = `${file}${line === undefined ? "" : `:${line}`}${id === undefined ? "" : ` (${id})`}`;
    process.stderr.write(`bfcl: skipped ${where}: ${reason}\n`);
  }
  if (options.out !== undefined) {
    writeFileAtomic(join(options.out, "bfcl-results.json"), `${JSON.stringify(result, null, 2)}\n`);
  }
  process.stdout.write(`${formatBfclTable(result)}\n`);
}
