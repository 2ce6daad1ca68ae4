import type {
  AssistantMessage,
  EnvironmentRecord,
  Message,
  Reward,
  ToolMessage,
  TrajectoryMetrics,
} from "../../core/index.js";
import { type ArgumentValidator, ToolEnvironment } from "../../env/index.js";
import { ftrlTurnRewards } from "../../reward/index.js";
import { scoreEpisode } from "../../rollout/index.js";
import type { Sandbox } from "../../sandbox/index.js";
import { HttpError } from "../http/http-error.js";

export interface StepResult {
  readonly observations: ToolMessage[];
  /** FTRL's per-turn reward of this turn (`ftrlTurnScore`). */
  readonly reward: number;
  readonly done: boolean;
  /** Assistant turns so far. */
  readonly turn: number;
  /** When done: the episode's reward (Solve-P × Solve-R), its parts and metrics. */
  readonly final?: FinalScore;
}

export interface FinalScore {
  readonly reward: number;
  readonly parts: Reward["parts"];
  readonly metrics: TrajectoryMetrics;
  readonly stop: "answer" | "max_turns";
}

/**
 * One episode of one environment, played turn by turn by a client: the server side of
 * `POST /reset` and `POST /step`. The episode ends when an assistant turn makes no call (its
 * text is the answer) or after `maxTurns` turns, exactly as `runEpisode` ends it, and is scored
 * by the same `scoreEpisode`.
 */
export class EnvSession {
  readonly record: EnvironmentRecord;
  readonly messages: Message[];
  private readonly env: ToolEnvironment;
  private readonly maxTurns: number;
  private readonly maxCallsPerTurn: number;
  private turn = 0;
  private result: FinalScore | undefined;

  constructor(options: {
    record: EnvironmentRecord;
    sandbox: Sandbox;
    validator: ArgumentValidator;
    maxTurns: number;
    maxCallsPerTurn: number;
  }) {
    this.record = options.record;
    this.maxTurns = options.maxTurns;
    this.maxCallsPerTurn = options.maxCallsPerTurn;
    this.env = new ToolEnvironment({ sandbox: options.sandbox, validator: options.validator });
    this.messages = this.env.reset(options.record);
  }

  get done(): boolean {
    return this.result !== undefined;
  }

  get final(): FinalScore | undefined {
    return this.result;
  }

  get turns(): number {
    return this.turn;
  }

  get calls() {
    return this.env.calls;
  }

  step(message: AssistantMessage): StepResult {
    if (this.done) {
      throw new HttpError(409, "this episode is over; POST /reset starts a new one", "session_id");
    }
    const calls = message.tool_calls ?? [];
    if (calls.length > this.maxCallsPerTurn) {
      throw new HttpError(
        400,
        `${calls.length} calls in one turn is over the limit of ${this.maxCallsPerTurn}`,
        "message.tool_calls",
      );
    }
    this.messages.push(message);
    this.turn++;
    const observations = calls.length > 0 ? this.env.step(calls) : [];
    this.messages.push(...observations);
    const [turnRewards] = ftrlTurnRewards(
      [{ messages: this.messages, calls: this.env.calls }],
      [this.record],
    );
    if (calls.length === 0 || this.turn >= this.maxTurns) {
      const stop: FinalScore["stop"] = calls.length === 0 ? "answer" : "max_turns";
      const { metrics, reward } = scoreEpisode({
        record: this.record,
        episode: { messages: this.messages, stop, turns: this.turn, turnTokens: [] },
        calls: this.env.calls,
      });
      this.result = { reward: reward.total, parts: reward.parts, metrics, stop };
    }
    return {
      observations,
      reward: turnRewards.at(-1) ?? 0,
      done: this.done,
      turn: this.turn,
      ...(this.result === undefined ? {} : { final: this.result }),
    };
  }

  dispose(): void {
    this.env.dispose();
  }
}
