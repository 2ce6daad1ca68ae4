import type {
  CallRecord,
  EnvironmentRecord,
  Message,
  Reward,
  TrajectoryMetrics,
} from "../../core/index.js";
import { type ArgumentValidator, ToolEnvironment } from "../../env/index.js";
import { scoreEpisode } from "../../rollout/index.js";
import type { Sandbox } from "../../sandbox/index.js";

export interface ReplayOptions {
  readonly record: EnvironmentRecord;
  /**
   * What the policy said after the environment's opening messages: its assistant turns (tool
   * messages in between are ignored — every call is run again here).
   */
  readonly turns: readonly Message[];
  readonly sandbox: Sandbox;
  readonly validator: ArgumentValidator;
  /** Assistant turns scored at most; later ones are ignored. Default 16. */
  readonly maxTurns?: number;
}

export interface Replay {
  /** The episode as the environment answers it: opening, assistant turns, real observations. */
  readonly messages: Message[];
  readonly calls: CallRecord[];
  readonly stop: "answer" | "max_turns";
  readonly metrics: TrajectoryMetrics;
  readonly reward: Reward;
}

/**
 * Scores a conversation that happened elsewhere (a training engine's rollout) the way toolgym
 * scores its own episodes: every assistant turn's calls are run in a fresh runtime of the
 * environment, in order, and the resulting call log and final answer go through `scoreEpisode`
 * (FTRL's Solve-P/R/F1, the answer match, the per-turn reward). Tool outputs the text carries
 * are not trusted: the environment's own answers decide which subtasks were solved.
 *
 * The episode ends at the first assistant turn without calls (the answer), else after the last
 * turn given (then it has no answer, as when a rollout hits its turn limit).
 */
export function replayConversation(options: ReplayOptions): Replay {
  const { record, turns, sandbox, validator, maxTurns = 16 } = options;
  const env = new ToolEnvironment({ sandbox, validator });
  try {
    const messages = env.reset(record);
    let stop: Replay["stop"] = "max_turns";
    let played = 0;
    for (const message of turns) {
      if (message.role !== "assistant") continue;
      if (played === maxTurns) break;
      played++;
      messages.push(message);
      const calls = message.tool_calls ?? [];
      if (calls.length === 0) {
        stop = "answer";
        break;
      }
      messages.push(...env.step(calls));
    }
    const calls = [...env.calls];
    const episode = { messages, stop, turns: played, turnTokens: [] };
    return { messages, calls, stop, ...scoreEpisode({ record, episode, calls }) };
  } finally {
    env.dispose();
  }
}
