import type { EnvironmentRecord, Message } from "../core/index.js";
import type { ToolEnvironment } from "../env/index.js";
import type { Policy, PolicyTokens } from "../policy/index.js";

export interface EpisodeOptions {
  policy: Policy;
  /** A runtime to play in; `runEpisode` resets it with `record`. */
  env: ToolEnvironment;
  record: EnvironmentRecord;
  /** Assistant turns at most; the episode ends earlier when the assistant answers without a call. */
  maxTurns?: number;
  signal?: AbortSignal;
}

export interface Episode {
  messages: Message[];
  stop: "answer" | "max_turns";
  turns: number;
  /** The sampled tokens of each assistant turn, for policies that return them. */
  turnTokens: (PolicyTokens | undefined)[];
}

/**
 * The agent loop: the policy speaks, the environment answers its calls, until the policy
 * answers without calling a tool or `maxTurns` assistant turns have passed.
 */
export async function runEpisode({
  policy,
  env,
  record,
  maxTurns = 8,
  signal,
}: EpisodeOptions): Promise<Episode> {
  const messages: Message[] = env.reset(record);
  const turnTokens: (PolicyTokens | undefined)[] = [];
  for (let turn = 0; turn < maxTurns; turn++) {
    signal?.throwIfAborted();
    const response = await policy.act({ messages, tools: record.tools, record, signal });
    messages.push(response.message);
    turnTokens.push(response.tokens);
    const calls = response.message.tool_calls ?? [];
    if (calls.length === 0) return { messages, stop: "answer", turns: turn + 1, turnTokens };
    messages.push(...env.step(calls));
  }
  return { messages, stop: "max_turns", turns: maxTurns, turnTokens };
}
