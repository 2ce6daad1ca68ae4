import {
  type EnvironmentRecord,
  type Trajectory,
  withHermesToolsInSystem,
} from "../../core/index.js";
import type { TrajectoryPair } from "../preference-pairs.js";
import { trlMessages } from "./trl-messages.js";

/** TRL SFT rows: `{messages, tools}` (conversational, with a `tools` column). */
export function trlSftRows(
  trajectories: readonly Trajectory[],
  records: ReadonlyMap<string, EnvironmentRecord>,
) {
  return trajectories.map((t) => ({
    messages: trlMessages(t.messages),
    tools: records.get(t.env_id)!.tools,
  }));
}

/** TRL DPO rows: conversational preference with an explicit prompt, `{prompt, chosen, rejected, tools}`. */
export function trlDpoRows(
  pairs: readonly TrajectoryPair[],
  records: ReadonlyMap<string, EnvironmentRecord>,
) {
  return pairs.map((pair) => ({
    prompt: trlMessages(pair.prompt),
    chosen: trlMessages([...pair.prompt, ...pair.chosen]).slice(pair.prompt.length),
    rejected: trlMessages([...pair.prompt, ...pair.rejected]).slice(pair.prompt.length),
    tools: records.get(pair.envId)!.tools,
  }));
}

/**
 * TRL GRPO rows: conversational prompt-only, `{prompt, tools, env_id, answer}`; TRL hands the
 * extra columns to reward functions as keyword arguments (`toolgym_reward(completions, env_id)`).
 * `GRPOTrainer` renders prompts without a `tools` column (its tools are Python callables), so the
 * tools are also written into the system prompt, in Qwen2.5's wording.
 */
export function trlGrpoRows(records: readonly EnvironmentRecord[]) {
  return records.map((record) => ({
    prompt: trlMessages(withHermesToolsInSystem(record.messages, record.tools)),
    tools: record.tools,
    env_id: record.id,
    answer: record.answer,
  }));
}
