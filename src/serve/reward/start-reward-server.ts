import type { Message, Reward } from "../../core/index.js";
import { ArgumentValidator } from "../../env/index.js";
import { createSandbox, type Sandbox } from "../../sandbox/index.js";
import type { EnvCatalog } from "../env-catalog.js";
import { HttpError } from "../http/http-error.js";
import {
  type JsonServerOptions,
  type RunningServer,
  startJsonServer,
} from "../http/json-server.js";
import { parseBody } from "../http/parse-body.js";
import { type Replay, replayConversation } from "../replay/replay-conversation.js";
import { assistantFromText } from "../wire/wire-message.js";
import { responseTurns } from "./response-turns.js";
import { OpenRlhfRewardRequestSchema, ScoreRequestSchema } from "./reward-requests.js";

export interface RewardServerOptions extends Omit<JsonServerOptions, "routes"> {
  readonly catalog: EnvCatalog;
  /** Made (and disposed on close) when not given. */
  readonly sandbox?: Sandbox;
  /** Queries in one `/get_reward` request at most; default 4096 (413 past it). */
  readonly maxBatch?: number;
  /** Assistant turns of one conversation scored at most; default 16. */
  readonly maxTurns?: number;
}

/**
 * `toolgym serve reward`: toolgym's verifiable reward over HTTP.
 *
 * - `POST /get_reward` — OpenRLHF's remote reward protocol: `{query, prompts, labels}` →
 *   `{rewards, scores, extra_logs}`, one entry per query (`extra_logs` holds each named part of
 *   the reward as a list). Responses are Qwen2.5/Hermes text, one turn or a whole multi-turn
 *   rollout (see `responseTurns`); the label is the environment id.
 * - `POST /score` — one trajectory as OpenAI messages, `{env_id, messages}` → `{reward, parts,
 *   metrics, stop}`.
 * - `GET /health`.
 *
 * The reward is the one toolgym's own rollouts get (`scoreEpisode`): `reward` is Solve-P ×
 * Solve-R, and the parts are `solve_p, solve_r, solve_f1, answer, turn_reward`. Every call is run
 * again in the environment's sandbox; what the text claims the tools said is not trusted.
 * Scoring is synchronous CPU work, so a batch yields to the event loop every few milliseconds and
 * other requests (and health checks) are answered meanwhile.
 */
export async function startRewardServer(options: RewardServerOptions): Promise<RunningServer> {
  const { catalog, maxBatch = 4096, maxTurns = 16, ...http } = options;
  const sandbox = options.sandbox ?? (await createSandbox());
  const validator = new ArgumentValidator();
  const score = (envId: string, field: string, turns: readonly Message[]): Replay =>
    replayConversation({ record: catalog.get(envId, field), turns, sandbox, validator, maxTurns });

  const running = await startJsonServer({
    ...http,
    routes: [
      {
        method: "POST",
        path: "/get_reward",
        json: async ({ body, signal }) => {
          const request = parseBody(OpenRlhfRewardRequestSchema, body);
          if (request.query.length > maxBatch) {
            throw new HttpError(
              413,
              `a batch of ${request.query.length} is over the limit of ${maxBatch}`,
              "query",
            );
          }
          for (const [i, label] of request.labels.entries()) catalog.get(label, `labels[${i}]`);
          const rewards: Reward[] = [];
          let slice = performance.now();
          for (let i = 0; i < request.query.length; i++) {
            if (performance.now() - slice > 5) {
              await new Promise((resolve) => setImmediate(resolve));
              signal.throwIfAborted();
              slice = performance.now();
            }
            const turns = responseTurns(request.query[i], request.prompts?.[i]);
            rewards.push(score(request.labels[i], `labels[${i}]`, turns).reward);
          }
          return openRlhfResponse(rewards);
        },
      },
      {
        method: "POST",
        path: "/score",
        json: ({ body }) => {
          const request = parseBody(ScoreRequestSchema, body);
          const replay = score(request.env_id, "env_id", withTextCalls(request.messages));
          return {
            env_id: request.env_id,
            reward: replay.reward.total,
            parts: replay.reward.parts,
            metrics: replay.metrics,
            stop: replay.stop,
          };
        },
      },
      { method: "GET", path: "/health", json: () => ({ ok: true, envs: catalog.size }) },
    ],
  });
  return {
    ...running,
    close: async () => {
      await running.close();
      if (options.sandbox === undefined) sandbox.dispose();
    },
  };
}

/**
 * Assistant messages whose calls are written as Hermes `<tool_call>` text in their content (a
 * TRL completion of a model without a tool parser) read as the calls they are.
 */
function withTextCalls(messages: readonly Message[]): Message[] {
  let turn = -1;
  return messages.map((message) => {
    if (message.role !== "assistant") return message;
    turn++;
    const text = message.content ?? "";
    const read = message.tool_calls === undefined && text.includes("<tool_call>");
    return read ? assistantFromText(text, turn) : message;
  });
}

/** `{rewards, scores, extra_logs}`: scores equal rewards (OpenRLHF filters on them). */
function openRlhfResponse(rewards: readonly Reward[]) {
  const totals = rewards.map((r) => r.total);
  const extra_logs: Record<string, number[]> = {};
  for (const reward of rewards) {
    for (const [name, value] of Object.entries(reward.parts)) (extra_logs[name] ??= []).push(value);
  }
  return { rewards: totals, scores: totals, extra_logs };
}
