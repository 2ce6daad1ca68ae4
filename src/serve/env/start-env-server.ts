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
import { callToolOnce } from "../replay/call-tool-once.js";
import { assistantFromText } from "../wire/wire-message.js";
import {
  CallRequestSchema,
  ResetRequestSchema,
  SessionRequestSchema,
  StepRequestSchema,
} from "./env-requests.js";
import { EnvSession } from "./env-session.js";
import { SessionStore } from "./session-store.js";

export interface EnvServerOptions extends Omit<JsonServerOptions, "routes"> {
  readonly catalog: EnvCatalog;
  /** Made (and disposed on close) when not given. */
  readonly sandbox?: Sandbox;
  /** Open sessions at most; default 4096. */
  readonly maxSessions?: number;
  /** Idle seconds before a session is closed; default 600. */
  readonly sessionTtlS?: number;
  /** Assistant turns per episode; default 16. */
  readonly maxTurns?: number;
  /** Tool calls in one turn at most; default 32. */
  readonly maxCallsPerTurn?: number;
  /** Injectable clock, for tests. */
  readonly now?: () => number;
}

/**
 * `toolgym serve env`: environments as a service, in the reset/step shape of OpenEnv, AgentGym
 * and NeMo-Gym.
 *
 * - `POST /reset {env_id | index}` → `{session_id, env_id, messages, tools, max_turns}`
 * - `POST /step {session_id, message}` (an assistant message, or the model's Hermes text) →
 *   `{observations, reward, done, turn, final?}`; `final` (when done) has the episode's reward,
 *   its parts and metrics
 * - `GET /state?session_id=…`, `POST /close {session_id}`, `GET /health`
 * - `POST /call {env_id, name, arguments}` → `{content, is_error}`: one stateless call (what the
 *   tool shims of an FTRL export call)
 *
 * Sessions are the only state: bounded in number (429 past `maxSessions`) and in size (turns,
 * calls per turn, the body limit, tool outputs cut by the environment), and closed after
 * `sessionTtlS` idle seconds. Several instances can run behind a load balancer that keeps a
 * session on the instance that opened it.
 */
export async function startEnvServer(options: EnvServerOptions): Promise<RunningServer> {
  const {
    catalog,
    maxSessions = 4096,
    sessionTtlS = 600,
    maxTurns = 16,
    maxCallsPerTurn = 32,
    now,
    ...http
  } = options;
  const sandbox = options.sandbox ?? (await createSandbox());
  const validator = new ArgumentValidator();
  const sessions = new SessionStore<EnvSession>({ maxSessions, ttlMs: sessionTtlS * 1000, now });
  const sweeper = setInterval(() => sessions.sweep(), Math.min(sessionTtlS * 1000, 60_000));
  sweeper.unref();

  const running = await startJsonServer({
    ...http,
    routes: [
      {
        method: "POST",
        path: "/reset",
        json: ({ body }) => {
          const request = parseBody(ResetRequestSchema, body ?? {});
          const record =
            request.env_id !== undefined
              ? catalog.get(request.env_id, "env_id")
              : catalog.at(request.index!, "index");
          const { id, value } = sessions.add(
            () => new EnvSession({ record, sandbox, validator, maxTurns, maxCallsPerTurn }),
          );
          return {
            session_id: id,
            env_id: record.id,
            scenario: record.scenario,
            messages: value.messages,
            tools: record.tools,
            max_turns: maxTurns,
            expires_after_idle_s: sessionTtlS,
          };
        },
      },
      {
        method: "POST",
        path: "/step",
        json: ({ body }) => {
          const request = parseBody(StepRequestSchema, body);
          const session = sessions.get(request.session_id, "session_id");
          const message =
            typeof request.message === "string"
              ? assistantFromText(request.message, session.turns)
              : request.message;
          return { session_id: request.session_id, ...session.step(message) };
        },
      },
      {
        method: "GET",
        path: "/state",
        json: ({ query }) => {
          const id = query.get("session_id");
          if (id === null || id === "") {
            throw new HttpError(400, "required as a query parameter", "session_id");
          }
          const session = sessions.get(id, "session_id");
          return {
            session_id: id,
            env_id: session.record.id,
            turn: session.turns,
            done: session.done,
            messages: session.messages,
            calls: session.calls,
            ...(session.final === undefined ? {} : { final: session.final }),
          };
        },
      },
      {
        method: "POST",
        path: "/close",
        json: ({ body }) => {
          const { session_id } = parseBody(SessionRequestSchema, body);
          sessions.get(session_id, "session_id");
          sessions.delete(session_id);
          return { session_id, closed: true };
        },
      },
      {
        method: "POST",
        path: "/call",
        json: ({ body }) => {
          const request = parseBody(CallRequestSchema, body);
          const record = catalog.get(request.env_id, "env_id");
          const result = callToolOnce({ record, ...request, sandbox, validator });
          return { content: result.content, is_error: result.isError };
        },
      },
      {
        method: "GET",
        path: "/health",
        json: () => ({
          ok: true,
          envs: catalog.size,
          sessions: sessions.size,
          max_sessions: maxSessions,
        }),
      },
    ],
  });
  return {
    ...running,
    close: async () => {
      clearInterval(sweeper);
      await running.close();
      sessions.clear();
      if (options.sandbox === undefined) sandbox.dispose();
    },
  };
}
