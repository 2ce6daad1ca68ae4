import type { AssistantMessage, EnvironmentRecord, Message, ToolSpec } from "../core/index.js";

export interface PolicyRequest {
  /** The conversation so far (system, user, assistant and tool messages). */
  messages: readonly Message[];
  /** The tools the policy may call. */
  tools: readonly ToolSpec[];
  /**
   * The environment being played. Only policies that replay gold data (the oracle) read it;
   * a model policy must never look at it.
   */
  record?: EnvironmentRecord;
  signal?: AbortSignal;
}

/** The sampled tokens of one turn, for policies that have them (the built-in model). */
export interface PolicyTokens {
  ids: number[];
  /** log p(id | context) under the raw model (temperature 1), one per id. */
  logprobs: number[];
  /**
   * The exact ids the turn was sampled after (the whole conversation as the model read it).
   * With them the rollout stitches `trajectory.tokens` (see `stitchTurnTokens`).
   */
  promptIds?: number[];
}

export interface PolicyResponse {
  message: AssistantMessage;
  tokens?: PolicyTokens;
  usage?: { promptTokens: number; completionTokens: number };
}

/**
 * Anything that answers a conversation with an assistant message: a model behind an
 * OpenAI-compatible endpoint, the built-in model, the oracle, a scripted test policy.
 *
 * Infrastructure faults (a dead endpoint after retries) reject with a typed error; what the
 * model says, however wrong, is returned as a message for the environment to judge.
 */
export interface Policy {
  /** Shown in trajectories and reports, e.g. `oracle` or `openai:gpt-4o-mini`. */
  readonly name: string;
  act(request: PolicyRequest): Promise<PolicyResponse>;
}
