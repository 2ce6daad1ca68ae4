import type { EnvironmentRecord, Trajectory } from "../core/index.js";
import { type ArgumentValidator, ToolEnvironment } from "../env/index.js";
import type { Policy } from "../policy/index.js";
import type { Sandbox } from "../sandbox/index.js";
import { boundCallArguments } from "./bound-call-arguments.js";
import { runEpisode } from "./run-episode.js";
import { scoreEpisode } from "./score-episode.js";
import { stitchTurnTokens } from "./stitch-turn-tokens.js";

export interface PlayTrajectoryOptions {
  record: EnvironmentRecord;
  /** The trajectory's id: the record's, or `<env id>#<k>` for one of several samples. */
  id: string;
  policy: Policy;
  sandbox: Sandbox;
  validator: ArgumentValidator;
  maxTurns: number;
  signal?: AbortSignal;
}

/**
 * One episode of `policy` in a fresh environment of `record`, scored, as a trajectory record;
 * the same in the main thread and in a rollout worker. Code that does not load throws the
 * sandbox's ToolLoadError.
 */
export async function playTrajectory(options: PlayTrajectoryOptions): Promise<Trajectory> {
  const { record, id, policy, sandbox, validator, maxTurns, signal } = options;
  const env = new ToolEnvironment({ sandbox, validator });
  try {
    const episode = await runEpisode({ policy, env, record, maxTurns, signal });
    const tokens = stitchTurnTokens(episode.turnTokens);
    return {
      id,
      env_id: record.id,
      scenario: record.scenario,
      policy: policy.name,
      messages: episode.messages,
      // What the model wrote is bounded before the record is kept: see MAX_ARGUMENT_DEPTH.
      calls: env.calls.map(boundCallArguments),
      ...scoreEpisode({ record, episode, calls: env.calls }),
      stop: episode.stop,
      ...(tokens === undefined ? {} : { tokens }),
      meta: {},
    };
  } finally {
    env.dispose();
  }
}
