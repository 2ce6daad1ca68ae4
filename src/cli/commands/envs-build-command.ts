import { ConfigError, SCENARIOS, type Scenario, writeFileAtomic } from "../../core/index.js";
import {
  type BuildSidecar,
  buildEnvironments,
  buildSidecarPath,
  type EnvgenBackend,
  parseComplexity,
  type SplitOptions,
  TOOL_FAMILIES,
  type ToolFamily,
} from "../../envgen/index.js";
import {
  createJsonChatClient,
  createLlmBackend,
  formatLlmSummary,
  readLlmSeeds,
} from "../../envgen/llm/index.js";
import { createSandbox } from "../../sandbox/index.js";
import { checkOutputFile } from "../check-output-path.js";
import { createProgress } from "../progress.js";

export interface EnvsBuildCommandOptions {
  count: number;
  seed: number;
  out: string;
  scenarios?: string;
  complexity?: string;
  split?: "train" | "test";
  testFraction?: number;
  holdOutFamilies?: string;
  holdOutPhrasings?: boolean;
  /** Worker threads for the procedural backend; default per buildEnvironments. */
  workers?: number;
  llmBaseUrl?: string;
  llmModel?: string;
  llmConcurrency?: number;
  llmCache?: string;
  llmSeeds?: string;
}

/**
 * `toolgym envs build`: build verified environments and write them atomically, with the
 * build's description and rejection counts in `FILE.stats.json`. `deps.backend` is the seam
 * for other backends (the LLM one); the procedural backend over the seed's world otherwise.
 */
export async function envsBuildCommand(
  options: EnvsBuildCommandOptions,
  deps: { backend?: EnvgenBackend } = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  checkOutputFile("--out", options.out);
  const scenarios = parseScenarios(options.scenarios);
  const complexity = parseComplexity(options.complexity ?? "medium");
  const split = parseSplit(options);
  const llm = await openLlmBuild(options, env);
  const progress = createProgress({ total: options.count, label: "envs build" });
  const started = performance.now();
  const backend = deps.backend ?? llm?.backend ?? "procedural";
  const { records, rejections, attempts } = await buildEnvironments({
    backend,
    count: options.count,
    seed: options.seed,
    scenarios,
    complexity,
    split,
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...llm?.buildOptions,
    onProgress: ({ accepted, rejected }) =>
      progress.update(accepted, { info: `${rejected} rejected` }),
  }).finally(() => llm?.buildOptions.sandbox.dispose());
  progress.stop();
  const seconds = (performance.now() - started) / 1000;
  writeFileAtomic(options.out, records.map((r) => `${JSON.stringify(r)}\n`).join(""));
  const sidecar: BuildSidecar = {
    backend: typeof backend === "string" ? backend : backend.name,
    count: options.count,
    seed: options.seed,
    scenarios: [...scenarios],
    complexity: { ...complexity },
    split: split === undefined ? null : { ...split, holdOutFamilies: [...split.holdOutFamilies] },
    attempts,
    rejections,
  };
  writeFileAtomic(buildSidecarPath(options.out), `${JSON.stringify(sidecar, null, 2)}\n`);
  const rejected = attempts - records.length;
  const reasons = Object.entries(rejections)
    .sort(([, a], [, b]) => b - a)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(", ");
  process.stdout.write(
    `${records.length} environments in ${seconds.toFixed(2)}s ` +
      `(${(records.length / seconds).toFixed(0)}/s; ${rejected} candidates rejected${reasons ? `: ${reasons}` : ""})` +
      ` → ${options.out}, ${buildSidecarPath(options.out)}\n`,
  );
  if (llm) process.stdout.write(`${formatLlmSummary(llm.backend)}\n`);
}

// ── The LLM backend's switch (--llm-*) ───────────────────────────────────────────────────

/** Candidates per slot before an LLM build gives up: each one costs up to seven requests. */
const LLM_MAX_ATTEMPTS_PER_ENV = 3;

/**
 * The LLM backend when `--llm-base-url` is given, with what the build needs for it: the
 * sandbox stage 5 verifies in (shared with the builder), as many slots at once as requests may
 * be in flight, and a small attempt budget. OPENAI_API_KEY is read here, at the edge.
 */
async function openLlmBuild(options: EnvsBuildCommandOptions, env: NodeJS.ProcessEnv) {
  const { llmBaseUrl, llmModel, llmConcurrency = 8, llmCache, llmSeeds } = options;
  if (llmBaseUrl === undefined) {
    if (llmModel !== undefined) throw new ConfigError("--llm-model", "needs --llm-base-url");
    return undefined;
  }
  if (llmModel === undefined) throw new ConfigError("--llm-base-url", "needs --llm-model");
  const client = createJsonChatClient({
    baseURL: llmBaseUrl,
    model: llmModel,
    concurrency: llmConcurrency,
    ...(env.OPENAI_API_KEY ? { apiKey: env.OPENAI_API_KEY } : {}),
  });
  const seeds = llmSeeds === undefined ? undefined : readLlmSeeds(llmSeeds);
  const sandbox = await createSandbox();
  const backend = createLlmBackend({
    client,
    sandbox,
    ...(seeds === undefined ? {} : { seeds }),
    ...(llmCache === undefined ? {} : { cacheDir: llmCache }),
  });
  const buildOptions = {
    sandbox,
    concurrency: llmConcurrency,
    maxAttemptsPerEnv: LLM_MAX_ATTEMPTS_PER_ENV,
  };
  return { backend, buildOptions };
}

function parseScenarios(list: string | undefined): readonly Scenario[] {
  if (list === undefined) return SCENARIOS;
  const names = list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(SCENARIOS as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0)
    throw new ConfigError(
      "--scenarios",
      `unknown scenario ${unknown.join(", ") || "(none given)"}; use a comma-separated list of ${SCENARIOS.join(", ")}`,
    );
  return names as Scenario[];
}

function parseSplit(options: EnvsBuildCommandOptions): SplitOptions | undefined {
  const { split, testFraction = 0.2, holdOutFamilies, holdOutPhrasings = false } = options;
  if (split === undefined) {
    if (holdOutFamilies !== undefined || holdOutPhrasings)
      throw new ConfigError("--split", "hold-out options need --split train or --split test");
    return undefined;
  }
  if (!(testFraction > 0 && testFraction < 1))
    throw new ConfigError("--test-fraction", `expected a fraction in (0, 1), got ${testFraction}`);
  const families = (holdOutFamilies ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = families.filter((f) => !(TOOL_FAMILIES as readonly string[]).includes(f));
  if (unknown.length > 0)
    throw new ConfigError(
      "--hold-out-families",
      `unknown family ${unknown.join(", ")}; families are ${TOOL_FAMILIES.join(", ")}`,
    );
  return {
    split,
    testFraction,
    holdOutFamilies: families as ToolFamily[],
    holdOutPhrasings,
  };
}
