import pLimit from "p-limit";
import {
  ConfigError,
  defaultWorkerCount,
  type EnvironmentRecord,
  SCENARIOS,
  type Scenario,
} from "../core/index.js";
import { createSandbox, type Sandbox } from "../sandbox/index.js";
import { buildInWorkers } from "./build-in-workers.js";
import { type SlotSettings, tryCandidate } from "./build-shard.js";
import { COMPLEXITY_PRESETS } from "./complexity-presets.js";
import { EnvgenExhaustedError } from "./errors/envgen-exhausted-error.js";
import { normalizeQuestion } from "./normalize-question.js";
import { createProceduralBackend } from "./procedural/create-procedural-backend.js";
import type { EnvgenBackend, StageHook } from "./stages/envgen-backend.js";
import type { ComplexityKnobs, SplitOptions } from "./stages/stage-types.js";
import { threadValidator } from "./verify-environment.js";

/** Environments from which the default is to start worker threads (their start ≈ 0.3 s). */
const WORKER_THRESHOLD = 1_000;

export interface BuildProgress {
  accepted: number;
  total: number;
  attempts: number;
  rejected: number;
}

export interface BuildOptions {
  /** `"procedural"` (the embedded default, over the world of `seed`) or any stage backend. */
  backend?: EnvgenBackend | "procedural";
  count: number;
  seed: number;
  /** Scenarios, taken in turn (slot i gets `scenarios[i % n]`); default all four. */
  scenarios?: readonly Scenario[];
  complexity?: ComplexityKnobs;
  split?: SplitOptions;
  /** Record ids are `<prefix>-000000`…; default the split's name, else `env`. */
  idPrefix?: string;
  /** Candidates tried for one slot before the build gives up (EnvgenExhaustedError). */
  maxAttemptsPerEnv?: number;
  /** Slots worked on at once (for backends that wait on a network); default 1. */
  concurrency?: number;
  /**
   * Worker threads for the procedural backend (other backends, a stage hook or a given
   * sandbox keep the build in this thread). The output is the same for any count. Default:
   * one (this thread) under 1,000 environments, else the machine's cores (at most four).
   */
  workers?: number;
  /** Shared sandbox; one is made (and disposed) when omitted. Worker threads make their own. */
  sandbox?: Sandbox;
  onProgress?: (progress: BuildProgress) => void;
  /** Sees every stage's output of every candidate. */
  onStage?: StageHook;
  signal?: AbortSignal;
}

export interface BuildResult {
  records: EnvironmentRecord[];
  /** Rejected candidates by reason: stage rejections, verification failures, duplicates. */
  rejections: Record<string, number>;
  /** Candidates tried, accepted ones included. */
  attempts: number;
}

/**
 * Builds `count` verified environments: for each slot, candidates from the backend's five
 * stages, assembled, verified (`verifyEnvironment`) and deduplicated by normalized question,
 * until one passes. Slot i's candidates depend only on (seed, i, attempt), and duplicates are
 * settled in slot order, so the output is the same for any concurrency.
 *
 * @example
 * const { records, rejections } = await buildEnvironments({ count: 200, seed: 1 });
 */
export async function buildEnvironments(options: BuildOptions): Promise<BuildResult> {
  const {
    count,
    seed,
    scenarios = SCENARIOS,
    complexity = COMPLEXITY_PRESETS.medium,
    split,
    idPrefix = split?.split ?? "env",
    maxAttemptsPerEnv = 200,
    concurrency = 1,
    workers,
    onProgress,
    onStage,
    signal,
  } = options;
  if (!Number.isInteger(count) || count < 0)
    throw new ConfigError("count", `expected an integer ≥ 0, got ${count}`);
  if (scenarios.length === 0) throw new ConfigError("scenarios", "give at least one scenario");
  const procedural = options.backend === undefined || options.backend === "procedural";
  const settings: SlotSettings = { seed, scenarios, complexity, split, idPrefix };
  const portable = procedural && onStage === undefined;
  if (workers !== undefined && workers > 1 && !portable)
    throw new ConfigError(
      "workers",
      "only the procedural backend without a stage hook builds in worker threads",
    );
  const threads = Math.max(
    1,
    Math.floor(
      workers ??
        (portable && options.sandbox === undefined
          ? defaultWorkerCount(count, WORKER_THRESHOLD)
          : 1),
    ),
  );
  if (threads > 1)
    return buildInWorkers({ settings, count, threads, maxAttemptsPerEnv, onProgress, signal });
  const backend =
    options.backend === undefined || options.backend === "procedural"
      ? createProceduralBackend({ seed })
      : options.backend;
  const sandbox = options.sandbox ?? (await createSandbox());
  const validator = threadValidator();
  const records: EnvironmentRecord[] = new Array(count);
  const rejections: Record<string, number> = {};
  const questions = new Set<string>();
  let attempts = 0;
  let accepted = 0;
  let committed = 0;
  const turnWaiters = new Map<number, () => void>();
  const reject = (reason: string) => {
    rejections[reason] = (rejections[reason] ?? 0) + 1;
  };
  const report = () =>
    onProgress?.({ accepted, total: count, attempts, rejected: attempts - accepted });

  // One verified candidate for `slot` at `attempt`, or null (counted as a rejection).
  const candidate = async (slot: number, attempt: number) => {
    attempts++;
    const context = { backend, sandbox, validator, onStage, signal };
    const candidate = await tryCandidate(settings, slot, attempt, context);
    if (!("rejected" in candidate)) return candidate;
    reject(candidate.rejected);
    report();
    return null;
  };

  const waitTurn = (slot: number) =>
    slot === committed ? Promise.resolve() : new Promise<void>((r) => turnWaiters.set(slot, r));

  const fill = async (slot: number) => {
    for (let attempt = 0; attempt < maxAttemptsPerEnv; attempt++) {
      signal?.throwIfAborted();
      const record = await candidate(slot, attempt);
      if (record === null) continue;
      await waitTurn(slot);
      const key = normalizeQuestion(record.messages.at(-1)?.content ?? "");
      if (questions.has(key)) {
        reject("duplicate_question");
        report();
        continue;
      }
      questions.add(key);
      records[slot] = record;
      accepted++;
      committed++;
      report();
      turnWaiters.get(committed)?.();
      turnWaiters.delete(committed);
      return;
    }
    throw new EnvgenExhaustedError({ slot, attempts: maxAttemptsPerEnv, rejections });
  };

  // p-limit starts the slots in order, `concurrency` at a time. After a failure no further
  // slot starts (the queue is cleared; rejectOnClear settles the cleared ones), and the first
  // error is what the build throws.
  const limit = pLimit({ concurrency: Math.max(1, Math.floor(concurrency)), rejectOnClear: true });
  const run = (slot: number) =>
    limit(() => fill(slot)).catch((error: unknown) => {
      limit.clearQueue();
      throw error;
    });
  try {
    await Promise.all(Array.from({ length: count }, (_, slot) => run(slot)));
  } finally {
    if (options.sandbox === undefined) sandbox.dispose();
  }
  return { records, rejections, attempts };
}
