import type { EnvironmentRecord, Trajectory } from "../../core/index.js";
import type { TrajectoryPair } from "../preference-pairs.js";

/**
 * OpenAI fine-tuning SFT rows (chat format with function calling): `{messages, tools,
 * parallel_tool_calls}`, messages exactly as the Chat Completions API carries them (arguments
 * as JSON strings, tool results with `tool_call_id`).
 */
export function openAiSftRows(
  trajectories: readonly Trajectory[],
  records: ReadonlyMap<string, EnvironmentRecord>,
) {
  return trajectories.map((t) => ({
    messages: t.messages,
    tools: records.get(t.env_id)!.tools,
    parallel_tool_calls: true,
  }));
}

/**
 * OpenAI fine-tuning DPO rows: `{input: {messages, tools, parallel_tool_calls},
 * preferred_output, non_preferred_output}`. The API takes one assistant message per output, so
 * a pair is judged on the turn where its two trajectories part (see `preferencePairs`).
 */
export function openAiDpoRows(
  pairs: readonly TrajectoryPair[],
  records: ReadonlyMap<string, EnvironmentRecord>,
) {
  return pairs.map((pair) => ({
    input: {
      messages: pair.prompt,
      tools: records.get(pair.envId)!.tools,
      parallel_tool_calls: true,
    },
    preferred_output: [pair.chosen[0]],
    non_preferred_output: [pair.rejected[0]],
  }));
}
