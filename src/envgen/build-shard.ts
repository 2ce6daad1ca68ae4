import type { EnvironmentRecord, Scenario } from "../core/index.js";
import type { ArgumentValidator } from "../env/index.js";
import type { Sandbox } from "../sandbox/index.js";
import { assembleEnvironment } from "./assemble-environment.js";
import { CandidateRejection } from "./stages/candidate-rejection.js";
import { type EnvgenBackend, runStages, type StageHook } from "./stages/envgen-backend.js";
import type { ComplexityKnobs, SplitOptions, StageContext } from "./stages/stage-types.js";
import { verifyEnvironment } from "./verify-environment.js";

/** What makes slot i's candidates, the same in the main thread and in a build worker. */
export interface SlotSettings {
  seed: number;
  scenarios: readonly Scenario[];
  complexity: ComplexityKnobs;
  split?: SplitOptions;
  idPrefix: string;
}

export interface CandidateContext {
  backend: EnvgenBackend;
  sandbox: Sandbox;
  validator: ArgumentValidator;
  onStage?: StageHook;
  signal?: AbortSignal;
}

/** The id of slot `slot`'s environment. */
export const slotId = (idPrefix: string, slot: number) =>
  `${idPrefix}-${String(slot).padStart(6, "0")}`;

/**
 * Slot `slot`'s candidate at `attempt`, verified: the record, or the reason it was rejected.
 * Anything but a stage's CandidateRejection is a fault and throws.
 */
export async function tryCandidate(
  settings: SlotSettings,
  slot: number,
  attempt: number,
  { backend, sandbox, validator, onStage, signal }: CandidateContext,
): Promise<EnvironmentRecord | { rejected: string }> {
  const { seed, scenarios, complexity, split, idPrefix } = settings;
  const context: StageContext = { seed, index: slot, attempt, complexity, split, signal };
  const request = { id: slotId(idPrefix, slot), scenario: scenarios[slot % scenarios.length] };
  try {
    const task = await runStages({ backend, request, context, onStage });
    const record = assembleEnvironment(task);
    const result = verifyEnvironment(record, { sandbox, validator });
    return result.ok ? record : { rejected: result.reason };
  } catch (error) {
    if (!(error instanceof CandidateRejection)) throw error;
    return { rejected: error.reason };
  }
}

/** Slots for a build worker: for each, the first attempt to try. */
export interface BuildShard extends SlotSettings {
  slots: { slot: number; fromAttempt: number }[];
  maxAttemptsPerEnv: number;
}

/**
 * Per slot, its first verified candidate from `fromAttempt` on (`record` null when none passed
 * within the attempt budget), with the attempt it came from and the rejections on the way;
 * or the first fault, with its environment's id.
 */
export type BuildShardResult =
  | {
      ok: true;
      slots: {
        slot: number;
        attempt: number;
        record: EnvironmentRecord | null;
        rejected: string[];
      }[];
    }
  | { ok: false; envId: string; name: string; message: string };

export async function buildShard(
  shard: BuildShard,
  context: CandidateContext,
): Promise<BuildShardResult> {
  const slots: Extract<BuildShardResult, { ok: true }>["slots"] = [];
  for (const { slot, fromAttempt } of shard.slots) {
    const rejected: string[] = [];
    let found: { attempt: number; record: EnvironmentRecord | null } = {
      attempt: shard.maxAttemptsPerEnv,
      record: null,
    };
    try {
      for (let attempt = fromAttempt; attempt < shard.maxAttemptsPerEnv; attempt++) {
        const candidate = await tryCandidate(shard, slot, attempt, context);
        if ("rejected" in candidate) rejected.push(candidate.rejected);
        else {
          found = { attempt, record: candidate };
          break;
        }
      }
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      return { ok: false, envId: slotId(shard.idPrefix, slot), name, message };
    }
    slots.push({ slot, ...found, rejected });
  }
  return { ok: true, slots };
}
